import CairnCore
import Dispatch
import Synchronization

extension CairnStore {
    /// Sends a trivial query (`SELECT 1`) through the pool, as every request goes, and returns once
    /// PostgreSQL has answered it, for readiness probes.
    ///
    /// Gives up after `timeout` without waiting for the query: a probe must answer in time while a
    /// hung server holds the connection, which may take up to ``Configuration/requestTimeout``.
    /// - Throws: ``CairnError/Code/unavailable`` when PostgreSQL cannot be reached, fails the query
    ///   or does not answer within `timeout`.
    public func ping(timeout: Duration) async throws {
        let pool = self.pool
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            let once = ResumeOnce(continuation)
            let request = PipelineRequest(queries: [.sql("SELECT 1", readOnly: true)]) { outcome in
                once.resume(with: outcome.map { _ in () }.mapError { $0 as Error })
            }
            if let refusal = pool.queue.enqueue(request) {
                once.resume(with: .failure(refusal))
                return
            }
            let (seconds, attoseconds) = timeout.components
            let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
            // A timer thread of Dispatch's, not a task: nothing of the caller's waits for the query.
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
                once.resume(with: .failure(CairnError(.unavailable, "PostgreSQL did not answer within \(timeout)")))
            }
        }
    }
}

/// Resumes a continuation with the first outcome it is given and ignores the rest.
private final class ResumeOnce: Sendable {
    private let continuation: Mutex<CheckedContinuation<Void, Error>?>

    init(_ continuation: CheckedContinuation<Void, Error>) { self.continuation = Mutex(continuation) }

    func resume(with result: Result<Void, Error>) {
        let taken = continuation.withLock { continuation in
            defer { continuation = nil }
            return continuation
        }
        taken?.resume(with: result)
    }
}
