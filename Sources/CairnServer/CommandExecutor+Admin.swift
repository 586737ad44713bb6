import CairnCore
import CairnMaintenance
import CairnProtocol
import CairnStore

extension CommandExecutor {
    /// `ADMIN.PURGE`: the purge runs on a thread of its own with a connection of its own (not the
    /// pool's, so lookups keep their connections), and each committed batch leaves the hot cache
    /// at once; other servers hear of it through PostgreSQL notifications.
    func runPurge(_ arguments: AdminPurge) async throws -> RESPValue {
        var configuration = maintenance.purge
        if let size = arguments.batchSize { configuration.batchSize = size }
        let collector = blobStore.map { BlobCollector(store: $0, configuration: maintenance.collector) }
        let purger = Purger(configuration: configuration, collector: collector)
        let (url, hotCache) = (store.configuration.databaseURL, self.hotCache)
        let summary = try await Blocking.run {
            let connection = try MaintenanceConnection(databaseURL: url)
            return try purger.run(
                arguments.selection, dryRun: arguments.dryRun, on: connection,
                deleted: { ids in hotCache.invalidate(artifacts: ids) })
        }
        if !summary.dryRun { stats.increment(.purged, by: Int(summary.artifacts)) }
        return arguments.encodeReply(summary)
    }
}
