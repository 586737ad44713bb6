import CairnCore
import DequeModule
import Foundation
import Synchronization

/// The bounded queue between callers and the pipeline workers. Callers never block: a full or
/// closed queue refuses the request with ``CairnError/Code/unavailable``.
///
/// `@unchecked Sendable`: all mutable state is guarded by `condition`.
final class RequestQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items = Deque<PipelineRequest>()
    private var closed = false
    private let capacity: Int
    /// Mirrors `items.count` so an idle worker can watch for work without taking the lock.
    private let waiting = Atomic<Int>(0)
    /// How long an idle worker keeps watching before it sleeps: a request that follows soon (the
    /// next one of a closed-loop caller) is then picked up without a sleep/wake-up round trip.
    private let spin: Duration

    init(capacity: Int, spin: Duration = .microseconds(50)) {
        self.capacity = capacity
        self.spin = spin
    }

    /// Adds a request, or returns why it cannot be queued.
    func enqueue(_ request: PipelineRequest) -> CairnError? {
        condition.lock()
        defer { condition.unlock() }
        if closed { return CairnError(.unavailable, "the store is shut down") }
        if items.count >= capacity {
            return CairnError(.unavailable, "the store's request queue is full (\(capacity) waiting); retry later")
        }
        items.append(request)
        waiting.add(1, ordering: .releasing)
        condition.signal()
        return nil
    }

    /// Waits for work and takes up to `limit` requests; `nil` once closed and drained.
    func takeBatch(limit: Int) -> [PipelineRequest]? {
        if waiting.load(ordering: .acquiring) == 0, spin > .zero {
            let deadline = ContinuousClock.now + spin
            while waiting.load(ordering: .acquiring) == 0 && ContinuousClock.now < deadline { sched_yield() }
        }
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        if items.isEmpty { return nil }
        let count = min(limit, items.count)
        let batch = Array(items.prefix(count))
        items.removeFirst(count)
        waiting.subtract(count, ordering: .releasing)
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
