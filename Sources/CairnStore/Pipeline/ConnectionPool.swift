import CairnCore
import Logging

/// Pipeline workers over one shared queue, and the async entry point callers use.
final class ConnectionPool: Sendable {
    let queue: RequestQueue
    let size: Int
    private let workers: [PipelineWorker]

    init(size: Int, queueCapacity: Int, worker: PipelineWorker.Configuration, logger: Logger) {
        let queue = RequestQueue(capacity: queueCapacity)
        self.queue = queue
        self.size = max(1, size)
        workers = (0..<max(1, size)).map {
            PipelineWorker(index: $0, queue: queue, configuration: worker, logger: logger)
        }
        workers.forEach { $0.start() }
    }

    /// Runs `queries` as one transaction on a worker and decodes the results there.
    /// - Parameter decode: runs on the worker thread with one result per query.
    func run<T: Sendable>(_ queries: [PGQuery], decode: @escaping @Sendable ([PGResult]) throws -> T) async throws -> T
    {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            let request = PipelineRequest(queries: queries) { outcome in
                switch outcome {
                case .success(let results):
                    do { continuation.resume(returning: try decode(results)) } catch {
                        continuation.resume(throwing: error)
                    }
                case .failure(let error):
                    continuation.resume(throwing: error)
                }
            }
            if let refusal = queue.enqueue(request) { continuation.resume(throwing: refusal) }
        }
    }

    /// One statement, decoded from its single result.
    func run<T: Sendable>(_ query: PGQuery, decode: @escaping @Sendable (PGResult) throws -> T) async throws -> T {
        try await run([query]) { try decode($0[0]) }
    }

    /// Stops taking requests, lets the workers finish what is queued and closes the connections.
    /// Blocks the calling thread until they are done: call it from a thread that may block.
    func close() {
        queue.close()
        workers.forEach { $0.join() }
    }
}
