import CairnBlobs
import CairnMaintenance

extension CatalogServer {
    /// What `ADMIN.PURGE` runs with.
    public struct Maintenance: Sendable {
        /// The blob store whose objects a purge deletes once nothing references them; `nil` leaves
        /// them in the deletion queue (for a sweeper or a purge that knows the directory).
        public var blobStore: LocalBlobStore?
        /// Batch size and pause of the deletion.
        public var purge = Purger.Configuration()
        /// Grace period and batching of the blob collection.
        public var collector = BlobCollector.Configuration()

        public init() {}
    }
}
