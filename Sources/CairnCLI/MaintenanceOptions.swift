import ArgumentParser
import CairnBlobs
import CairnCore
import CairnMaintenance

/// The blob store and pacing shared by the commands that delete (`admin purge`, `serve`'s sweeper).
struct MaintenanceOptions: ParsableArguments {
    @OptionGroup var blobs: BlobStoreOptions

    @Option(
        name: .customLong("blob-grace"),
        help: "Blob objects written or reused this recently are kept (env CAIRN_BLOB_GRACE; default 15m).")
    var blobGrace: String?

    @Option(
        name: .customLong("batch-size"),
        help: "Artifacts deleted per transaction (env CAIRN_PURGE_BATCH; default 500).")
    var batchSize: Int?

    @Option(
        name: .customLong("batch-pause"),
        help: "Pause after each batch, e.g. 10ms, to leave the database to live traffic (default 0).")
    var batchPause: String?

    func validate() throws {
        _ = try purgeConfiguration()
        _ = try collectorConfiguration()
    }

    /// The blob store `--blob-store` names, else the directory under `dataDirectory` unless
    /// `--blob-dir` or `CAIRN_BLOB_DIR` says otherwise.
    func blobStore(dataDirectory: String) throws -> any BlobStore {
        try blobs.store(dataDirectory: dataDirectory)
    }

    func purgeConfiguration() throws -> Purger.Configuration {
        var configuration = Purger.Configuration()
        if let size = try resolvedBatchSize() { configuration.batchSize = size }
        if let pause = batchPause {
            guard let duration = DurationText.duration(pause) else {
                throw ValidationError("--batch-pause is not a duration like 10ms: \(pause)")
            }
            configuration.pause = duration
        }
        return configuration
    }

    func collectorConfiguration() throws -> BlobCollector.Configuration {
        var configuration = BlobCollector.Configuration()
        if let grace = blobGrace ?? Setting.blobGrace.environmentValue {
            guard let duration = DurationText.duration(grace) else {
                throw ValidationError("--blob-grace is not a duration like 15m: \(grace)")
            }
            configuration.grace = duration
        }
        if let size = try resolvedBatchSize() { configuration.batchSize = size }
        return configuration
    }

    /// `--batch-size` or `CAIRN_PURGE_BATCH`, in ``NumericRange/purgeBatch``.
    func resolvedBatchSize() throws -> Int? {
        try Setting.purgeBatch.integer(overriding: batchSize, option: "--batch-size", in: .purgeBatch)
    }
}
