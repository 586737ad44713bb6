import CairnCore
import CairnMaintenance
import CairnProtocol
import CairnStore

extension CommandExecutor {
    /// `ADMIN.PURGE`: the purge runs on a thread of its own with a connection of its own (not the
    /// pool's, so lookups keep their connections), and each committed batch leaves the hot cache
    /// at once; other servers hear of it through PostgreSQL notifications.
    func runPurge(_ arguments: Command.PurgeArguments) async throws -> RESPValue {
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
        return AdminReply.purge(summary)
    }
}

/// How `ADMIN.*` replies look on the wire (documented in docs/protocol.md).
enum AdminReply {
    /// `dry_run`, `artifacts`, `inline_bytes`, `blob_objects`, `blob_bytes`, `batches`, `blobs_deleted`,
    /// `blobs_deferred`, `ms`: a map (flat array in RESP2).
    static func purge(_ summary: PurgeSummary) -> RESPValue {
        var fields: [(String, RESPValue)] = [("dry_run", .integer(summary.dryRun ? 1 : 0))]
        fields += summary.counts.map { ($0.key, .integer($0.value)) }
        fields.append(("ms", .integer(Int64((summary.seconds * 1000).rounded()))))
        return .map(fields.map { (key: .bulk($0.0), value: $0.1) })
    }
}
