import CairnCore
import Synchronization

/// Merges concurrent requests of one kind into set-based statements: while `maxInFlight` batches
/// are running, new requests wait and leave together as the next batch (up to `maxBatch`). Under
/// low load a batch is one request, so latency is one round trip; under load one statement (and,
/// for writes, one commit) serves many callers.
///
/// If a batch fails for a reason other than an unreachable database, its requests are rerun one
/// by one, so one bad request never fails its neighbours.
final class StatementBatcher<Input: Sendable, Output: Sendable>: Sendable {
    /// One statement for a batch of inputs.
    typealias Build = @Sendable ([Input]) -> PGQuery
    /// Every input's outcome, in input order, read from the statement's result on the worker thread.
    typealias Decode = @Sendable (PGResult, [Input]) throws -> [Result<Output, CairnError>]

    /// Called once with a request's outcome, on the worker thread that read it.
    typealias Completion = @Sendable (Result<Output, Error>) -> Void

    private struct Waiting: Sendable {
        var input: Input
        var complete: Completion
    }

    private struct State {
        var pending: [Waiting] = []
        var inFlight = 0
    }

    private let queue: RequestQueue
    private let maxBatch: Int
    private let maxInFlight: Int
    private let build: Build
    private let decode: Decode
    private let state = Mutex(State())

    init(queue: RequestQueue, maxBatch: Int, maxInFlight: Int, build: @escaping Build, decode: @escaping Decode) {
        self.queue = queue
        self.maxBatch = max(1, maxBatch)
        self.maxInFlight = max(1, maxInFlight)
        self.build = build
        self.decode = decode
    }

    func submit(_ input: Input) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            submit(input) { continuation.resume(with: $0) }
        }
    }

    /// Submits without a task: `completion` runs on the worker thread (or at once when the queue
    /// refuses). For callers on an event loop that hop back themselves, saving the task hops.
    func submit(_ input: Input, completion: @escaping Completion) {
        let batch = state.withLock { state -> [Waiting]? in
            state.pending.append(Waiting(input: input, complete: completion))
            return takeBatch(&state)
        }
        if let batch { send(batch) }
    }

    /// Starts a batch if a slot is free; the caller sends it.
    private func takeBatch(_ state: inout State) -> [Waiting]? {
        guard state.inFlight < maxInFlight, !state.pending.isEmpty else { return nil }
        state.inFlight += 1
        let count = min(maxBatch, state.pending.count)
        defer { state.pending.removeFirst(count) }
        return Array(state.pending.prefix(count))
    }

    private func send(_ batch: [Waiting], retryAlone: Bool = true) {
        let inputs = batch.map(\.input)
        let request = PipelineRequest(queries: [build(inputs)]) { [self] outcome in
            switch outcome {
            case .success(let results):
                do {
                    for (waiting, result) in zip(batch, try decode(results[0], inputs)) {
                        waiting.complete(result.mapError { $0 })
                    }
                } catch {
                    batch.forEach { $0.complete(.failure(error)) }
                }
            case .failure(let error) where batch.count > 1 && retryAlone && error.code != .unavailable:
                state.withLock { $0.inFlight += batch.count }
                batch.forEach { send([$0], retryAlone: false) }
            case .failure(let error):
                batch.forEach { $0.complete(.failure(error)) }
            }
            finished()
        }
        if let refusal = queue.enqueue(request) {
            batch.forEach { $0.complete(.failure(refusal)) }
            finished()
        }
    }

    /// Frees the batch's slot and sends what has queued up meanwhile.
    private func finished() {
        let next = state.withLock { state -> [Waiting]? in
            state.inFlight -= 1
            return takeBatch(&state)
        }
        if let next { send(next) }
    }
}
