/// What a purge deleted, or with ``dryRun``, would delete.
public struct PurgeSummary: Sendable, Equatable {
    /// Whether nothing was changed.
    public var dryRun: Bool
    /// Artifacts deleted (or selected, in a dry run).
    public var artifacts: Int64 = 0
    /// Their inline bytes.
    public var inlineBytes: Int64 = 0
    /// Blob objects that no artifact references after the purge, and their bytes (uncompressed).
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
