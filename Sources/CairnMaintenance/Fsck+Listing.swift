import CairnBlobs
import CairnCore
import CairnStore
import Foundation

extension Fsck {
    /// Objects to rows for a store that is no local directory (S3): its listing, page by page, the
    /// catalog asked about a batch of digests at a time.
    func scanListing(
        on connection: MaintenanceConnection, now: @autoclosure () -> Date, summary: inout Summary,
        observe: (Event) -> Void
    ) throws {
        let listing = ListingCursor(store.list())
        var pending: [(digest: SHA256Digest, path: String)] = []
        while let entry = try BlobBridge.wait({ try await listing.next() }) {
            summary.progress.files += 1
            guard let digest = entry.digest else {
                summary.unrecognizedFiles += 1
                continue
            }
            summary.objects += 1
            pending.append((digest, entry.name))
            if pending.count >= configuration.batchSize {
                try checkObjects(pending, on: connection, now: now(), summary: &summary, observe: observe)
                pending.removeAll(keepingCapacity: true)
                observe(.progress(summary.progress))
            }
        }
        try checkObjects(pending, on: connection, now: now(), summary: &summary, observe: observe)
    }

    /// One batch of listed objects: the unreferenced ones past the grace are orphans, their age read
    /// again just before they are deleted (a writer rewrites an object before referencing it).
    func checkListed(
        _ objects: [(digest: SHA256Digest, path: String)], on connection: MaintenanceConnection,
        now: @autoclosure () -> Date, summary: inout Summary, observe: (Event) -> Void
    ) throws {
        let referenced = try connection.referencedDigests(among: objects.map(\.digest))
        let store = self.store
        for (digest, name) in objects where !referenced.contains(digest) {
            guard let object = try BlobBridge.wait({ try await store.object(digest) }) else { continue }
            guard isPastGrace(object.modified, now: now()) else {
                summary.withinGrace += 1
                continue
            }
            summary.orphans += 1
            summary.orphanBytes += object.storedSize
            observe(.finding(.orphan(path: name, storedSize: object.storedSize, modified: object.modified)))
            guard configuration.repair else { continue }
            do {
                let removed = try BlobBridge.wait { try await store.delete(digest) }
                summary.repaired += 1
                if removed {
                    summary.deletedFiles += 1
                    observe(.action(.deletedOrphan(path: name, storedSize: object.storedSize)))
                }
            } catch {
                summary.failures += 1
                observe(.action(.failed(path: name, reason: "\(error)")))
            }
        }
    }
}

/// A listing read one entry at a time from synchronous code (through ``BlobBridge``).
final class ListingCursor: @unchecked Sendable {
    // Unchecked: the iterator is only used by one BlobBridge.wait at a time, each awaited before the next.
    private var iterator: AsyncThrowingStream<ListedObject, any Error>.AsyncIterator

    init(_ listing: AsyncThrowingStream<ListedObject, any Error>) { iterator = listing.makeAsyncIterator() }

    func next() async throws -> ListedObject? { try await iterator.next() }
}
