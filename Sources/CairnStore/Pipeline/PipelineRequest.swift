import CairnCore

/// A unit of work for a pipeline worker: statements that run as one transaction (one pipeline
/// sync segment), and the callback that receives their results on the worker thread.
///
/// `@unchecked Sendable`: every stored property is immutable and the callback is `@Sendable`;
/// the worker calls `complete` exactly once.
final class PipelineRequest: @unchecked Sendable {
    let queries: [PGQuery]
    /// May share a transaction and its commit with other group-commit requests of the same batch.
    /// Such requests must not fail for expected reasons (their statements report outcomes as
    /// rows instead of raising), because one failure makes the worker rerun the group one by one.
    let groupCommit: Bool
    /// Orders group-commit requests inside a shared transaction so that two batches take row
    /// locks in the same order and cannot deadlock each other.
    let lockKey: String
    let complete: @Sendable (Result<[PGResult], CairnError>) -> Void

    init(
        queries: [PGQuery], groupCommit: Bool = false, lockKey: String = "",
        complete: @escaping @Sendable (Result<[PGResult], CairnError>) -> Void
    ) {
        self.queries = queries
        self.groupCommit = groupCommit
        self.lockKey = lockKey
        self.complete = complete
    }
}
