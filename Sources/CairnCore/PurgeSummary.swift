/// What a purge deleted, or with ``dryRun``, would delete.
public struct PurgeSummary: Sendable, Equatable {
    /// Whether nothing was changed.
    public var dryRun: Bool
    /// Artifacts deleted (or selected, in a dry run).
    public var artifacts: Int64 = 0
    /// Inline bytes of the selected artifacts, as selected at the start (an artifact that changed
    /// or went meanwhile is still counted here, not in ``artifacts``).
    public var inlineBytes: Int64 = 0
    /// Blob objects that no artifact outside the selection references, and their bytes
    /// (uncompressed), as selected at the start.
    public var blobObjects: Int64 = 0
    public var blobBytes: Int64 = 0
    /// Transactions the deletion took.
    public var batches = 0
    /// Blob objects the collector deleted after the rows went.
    public var blobsDeleted: Int64 = 0
    /// Blob objects left in the deletion queue for a later collection (written within the grace
    /// period, or not deletable now); the server's sweeper retries them.
    public var blobsDeferred: Int64 = 0
    /// Wall-clock seconds the purge took.
    public var seconds: Double = 0

    public init(dryRun: Bool) { self.dryRun = dryRun }
}

extension PurgeSummary {
    /// The counts by their field names (`artifacts`, `inline_bytes`, `blob_objects`, `blob_bytes`,
    /// `batches`, `blobs_deleted`, `blobs_deferred`): the one list `ADMIN.PURGE` replies, the client
    /// reads and `cairn admin purge --json` prints.
    public var counts: KeyValuePairs<String, Int64> {
        [
            "artifacts": artifacts, "inline_bytes": inlineBytes, "blob_objects": blobObjects, "blob_bytes": blobBytes,
            "batches": Int64(batches), "blobs_deleted": blobsDeleted, "blobs_deferred": blobsDeferred,
        ]
    }

    /// A summary from ``counts`` by name; `count` throws for a missing field.
    public init(dryRun: Bool, seconds: Double, count: (String) throws -> Int64) throws {
        self.init(dryRun: dryRun)
        artifacts = try count("artifacts")
        inlineBytes = try count("inline_bytes")
        blobObjects = try count("blob_objects")
        blobBytes = try count("blob_bytes")
        batches = Int(try count("batches"))
        blobsDeleted = try count("blobs_deleted")
        blobsDeferred = try count("blobs_deferred")
        self.seconds = seconds
    }
}
