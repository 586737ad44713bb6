import CairnCore
import DequeModule
import Foundation

/// The bounded queue between callers and the pipeline workers. Callers never block: a full or
/// closed queue refuses the request with ``CairnError/Code/unavailable``.
///
/// `@unchecked Sendable`: all mutable state is guarded by `condition`.
final class RequestQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items = Deque<PipelineRequest>()
    private var closed = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Adds a request, or returns why it cannot be queued.
    func enqueue(_ request: PipelineRequest) -> CairnError? {
        condition.lock()
        defer { condition.unlock() }
        if closed { return CairnError(.unavailable, "the store is shut down") }
        if items.count >= capacity {
            return CairnError(.unavailable, "the store's request queue is full (\(capacity) waiting); retry later")
        }
        items.append(request)
        condition.signal()
        return nil
    }

    /// Waits for work and takes up to `limit` requests; `nil` once closed and drained.
    func takeBatch(limit: Int) -> [PipelineRequest]? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        if items.isEmpty { return nil }
        let count = min(limit, items.count)
        let batch = Array(items.prefix(count))
        items.removeFirst(count)
        if !items.isEmpty { condition.signal() }
        return batch
    }

    /// Refuses new requests; workers finish what is queued, then stop.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
