import CairnCore
import CairnMaintenance
import CairnStore

extension CatalogService {
    /// Deletes what `selection` picks (or reports it, with `dryRun`). The purge runs on a thread of
    /// its own with a connection of its own (not the pool's, so lookups keep their connections),
    /// each committed batch leaves the hot cache at once, and other servers hear of it through
    /// PostgreSQL notifications. Objects nothing references any more are deleted from the
    /// configured blob store (left queued without one).
    public func purge(_ selection: PurgeSelection, dryRun: Bool, batchSize: Int?) async throws -> PurgeSummary {
        var purge = configuration.maintenance.purge
        if let batchSize { purge.batchSize = batchSize }
        let collector = configuration.blobStore.map {
            BlobCollector(store: $0, configuration: configuration.maintenance.collector)
        }
        let purger = Purger(configuration: purge, collector: collector)
        let (url, hotCache) = (store.configuration.databaseURL, self.hotCache)
        let summary = try await Blocking.run {
            let connection = try MaintenanceConnection(databaseURL: url)
            return try purger.run(
                selection, dryRun: dryRun, on: connection, deleted: { ids in hotCache.invalidate(artifacts: ids) })
        }
        if !summary.dryRun { stats.increment(.purged, by: Int(summary.artifacts)) }
        return summary
    }
}
