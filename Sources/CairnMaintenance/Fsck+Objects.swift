import CairnBlobs
import CairnCore
import CairnStore
import Foundation

extension Fsck {
    /// Objects to rows: walks `<root>/<2 hex>/`, asks the catalog about the digests a batch at a
    /// time, and reports (on repair, deletes) unreferenced objects and temporary files past the grace.
    func scanObjects(
        on connection: MaintenanceConnection, now: @autoclosure () -> Date, summary: inout Summary,
        observe: (Event) -> Void
    ) throws {
        summary.progress.phase = .objects
        observe(.progress(summary.progress))
        guard let store = store as? LocalBlobStore else {
            return try scanListing(on: connection, now: now(), summary: &summary, observe: observe)
        }
        var pending: [(digest: SHA256Digest, path: String)] = []
        for shard in try FileStatus.names(in: store.root) {
            let directory = store.root + "/" + shard
            if shard.hasPrefix(".tmp-") {
                try checkTemporary(directory, now: now(), summary: &summary, observe: observe)
                continue
            }
            guard Self.isShard(shard), try FileStatus.of(directory)?.isDirectory == true else {
                summary.unrecognizedFiles += 1
                continue
            }
            for name in try FileStatus.names(in: directory) {
                let path = directory + "/" + name
                summary.progress.files += 1
                if name.hasPrefix(".tmp-") {
                    try checkTemporary(path, now: now(), summary: &summary, observe: observe)
                } else if let digest = Self.objectDigest(name, shard: shard) {
                    summary.objects += 1
                    pending.append((digest, path))
                    if pending.count >= configuration.batchSize {
                        try checkObjects(pending, on: connection, now: now(), summary: &summary, observe: observe)
                        pending.removeAll(keepingCapacity: true)
                    }
                } else {
                    summary.unrecognizedFiles += 1
                }
            }
            observe(.progress(summary.progress))
        }
        try checkObjects(pending, on: connection, now: now(), summary: &summary, observe: observe)
    }

    /// One batch of objects: one query for the referenced digests, then, for each unreferenced one,
    /// its age read just before it is deleted (a writer touches an object before referencing it).
    func checkObjects(
        _ objects: [(digest: SHA256Digest, path: String)], on connection: MaintenanceConnection,
        now: @autoclosure () -> Date, summary: inout Summary, observe: (Event) -> Void
    ) throws {
        guard !objects.isEmpty else { return }
        guard store is LocalBlobStore else {
            return try checkListed(objects, on: connection, now: now(), summary: &summary, observe: observe)
        }
        let referenced = try connection.referencedDigests(among: objects.map(\.digest))
        for (digest, path) in objects where !referenced.contains(digest) {
            guard let status = try FileStatus.of(path), status.isRegularFile else { continue }
            guard isPastGrace(status.modified, now: now()) else {
                summary.withinGrace += 1
                continue
            }
            summary.orphans += 1
            summary.orphanBytes += status.size
            observe(.finding(.orphan(path: path, storedSize: status.size, modified: status.modified)))
            if configuration.repair, try delete(path, summary: &summary, observe: observe) {
                observe(.action(.deletedOrphan(path: path, storedSize: status.size)))
            }
        }
    }

    private func checkTemporary(
        _ path: String, now: Date, summary: inout Summary, observe: (Event) -> Void
    ) throws {
        summary.temporaryFiles += 1
        guard let status = try FileStatus.of(path), status.isRegularFile else { return }
        guard isPastGrace(status.modified, now: now) else {
            summary.withinGrace += 1
            return
        }
        summary.staleTemporaryFiles += 1
        observe(.finding(.staleTemporary(path: path, storedSize: status.size, modified: status.modified)))
        if configuration.repair, try delete(path, summary: &summary, observe: observe) {
            observe(.action(.deletedTemporary(path: path, storedSize: status.size)))
        }
    }

    /// Deletes a found file. Returns whether this call removed it; a failure is reported as an
    /// action and leaves the finding unrepaired, the run goes on.
    private func delete(_ path: String, summary: inout Summary, observe: (Event) -> Void) throws -> Bool {
        do {
            let removed = try FileStatus.remove(path)
            summary.repaired += 1
            if removed { summary.deletedFiles += 1 }
            return removed
        } catch let error as CairnError {
            summary.failures += 1
            observe(.action(.failed(path: path, reason: error.message)))
            return false
        }
    }

    /// `ab`: two lowercase hex digits, the directory of digests starting with them.
    static func isShard(_ name: String) -> Bool {
        name.utf8.count == 2 && name.utf8.allSatisfy(isLowerHex)
    }

    /// The digest of an object file named `<64 lowercase hex>.z` in the directory of its first two digits.
    static func objectDigest(_ name: String, shard: String) -> SHA256Digest? {
        guard name.hasSuffix(".z"), name.utf8.count == 66, name.hasPrefix(shard) else { return nil }
        let hex = name.dropLast(2)
        guard hex.utf8.allSatisfy(isLowerHex) else { return nil }
        return try? SHA256Digest(hex: String(hex))
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
