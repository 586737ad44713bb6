import CairnMaintenance

extension CatalogServer {
    /// What `ADMIN.PURGE` runs with.
    public struct Maintenance: Sendable {
        /// Batch size and pause of the deletion.
        public var purge = Purger.Configuration()
        /// Grace period and batching of the blob collection.
        public var collector = BlobCollector.Configuration()

        public init() {}
    }
}
