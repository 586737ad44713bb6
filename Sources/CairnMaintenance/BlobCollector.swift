import CairnBlobs
import CairnCore
import CairnStore
import Foundation

/// The second phase of blob deletion: works through `blob_deletions` (filled in the transaction that
/// deleted the references) and deletes an object only when no artifact references its digest any
/// more and it was not written or reused within the grace period.
///
/// Crash-safe by order: the object is deleted first, its queue entry removed after, so a crash in
/// between leaves a queued entry whose object is already gone (removed on the next run). A store
/// that cannot answer (an S3 outage, an I/O error) leaves the entry queued: nothing is deleted
/// early and nothing is lost. Blocking (it waits for the store's async calls): run it on a thread
/// of its own.
public struct BlobCollector: Sendable {
    /// How the collector works.
    public struct Configuration: Sendable {
        /// Objects written or reused more recently than this stay, queued, for a later run: a writer
        /// may be about to put a reference to them (the engine stores a blob before its row).
        public var grace: Duration = .seconds(900)
        /// Queue entries read and removed per round trip.
        public var batchSize = 1000

        public init() {}
    }

    /// What one collection did, by queue entry.
    public struct Report: Sendable, Equatable {
        /// Objects deleted.
        public var deleted: Int64 = 0
        /// Their stored (compressed) bytes.
        public var freedBytes: Int64 = 0
        /// Entries whose object was already gone.
        public var alreadyGone: Int64 = 0
        /// Entries whose digest is referenced again (the object stays).
        public var stillReferenced: Int64 = 0
        /// Entries for blobs outside this store (another system owns them; nothing deleted).
        public var foreign: Int64 = 0
        /// Entries left queued: the object is younger than the grace period, or could not be deleted.
        public var deferred: Int64 = 0
        /// Why objects could not be deleted (first few).
        public var failures: [String] = []

        public init() {}
    }

    public let configuration: Configuration
    public let store: any BlobStore

    public init(store: any BlobStore, configuration: Configuration = Configuration()) {
        self.store = store
        self.configuration = configuration
    }

    /// Works through the whole queue once.
    public func collect(on connection: MaintenanceConnection, now: @autoclosure () -> Date = Date()) throws -> Report {
        var report = Report()
        var after: (SHA256Digest, String)?
        while true {
            let batch = try connection.queuedBlobDeletions(after: after, limit: max(1, configuration.batchSize))
            guard let last = batch.last else { break }
            after = (last.sha256, last.uri)
            let referenced = try connection.referencedDigests(among: Array(Set(batch.map(\.sha256))))
            var done: [QueuedBlobDeletion] = []
            for entry in batch {
                if referenced.contains(entry.sha256) {
                    report.stillReferenced += 1
                } else if !store.owns(entry.uri, digest: entry.sha256) {
                    report.foreign += 1
                } else {
                    let store = self.store
                    let digest = entry.sha256
                    let object: StoredObject?
                    do {
                        object = try BlobBridge.wait { try await store.object(digest) }
                    } catch {
                        report.deferred += 1
                        if report.failures.count < 10 { report.failures.append("\(error)") }
                        continue
                    }
                    guard let object else {
                        report.alreadyGone += 1
                        done.append(entry)
                        continue
                    }
                    guard now().timeIntervalSince(object.modified) >= configuration.grace.timeInterval else {
                        report.deferred += 1
                        continue
                    }
                    do {
                        try BlobBridge.wait { try await store.delete(digest) }
                    } catch {
                        report.deferred += 1
                        if report.failures.count < 10 { report.failures.append("\(error)") }
                        continue
                    }
                    FailPoints.check("gc.object-deleted")
                    report.deleted += 1
                    report.freedBytes += object.storedSize
                }
                done.append(entry)
            }
            try connection.dequeueBlobDeletions(done)
            FailPoints.check("gc.batch-dequeued")
            if batch.count < configuration.batchSize { break }
        }
        return report
    }
}
