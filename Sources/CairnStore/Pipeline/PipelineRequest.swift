import CairnCore

/// A unit of work for a pipeline worker: statements that run as one transaction (one pipeline
/// sync segment), and the callback that receives their results on the worker thread.
///
/// `@unchecked Sendable`: every stored property is immutable and the callback is `@Sendable`;
/// the worker calls `complete` exactly once.
final class PipelineRequest: @unchecked Sendable {
    let queries: [PGQuery]
    let complete: @Sendable (Result<[PGResult], CairnError>) -> Void
    /// Every statement only reads: after a connection lost mid-flight it may be sent once more.
    let resendable: Bool

    init(queries: [PGQuery], complete: @escaping @Sendable (Result<[PGResult], CairnError>) -> Void) {
        self.queries = queries
        resendable = queries.allSatisfy(\.readOnly)
        self.complete = complete
    }
}
