import CairnCore

/// What the scheduler keeps in memory about a running map node: each element's inputs and cache
/// key, the elements waiting for a process slot, and why elements failed. A class, so that the
/// scheduler changes its columns in place (10,000 elements are not copied per change).
final class MapRun {
    /// Each element's inputs: the `over` lists' elements, the other inputs whole.
    let inputs: [[String: Literal]]
    /// Each unfinished element's cache key; `nil` when caching is off (or the element had finished).
    let keys: [CacheKey?]
    /// Elements waiting for a process slot with their planned cache status, taken from ``head`` on.
    var queue: [(element: Int, cache: CacheStatus)] = []
    var head = 0
    /// Element processes running now.
    var running = 0
    /// Elements not yet finished in this run.
    var remaining: Int
    /// Why each failed element failed, in this run.
    var errors: [Int: String] = [:]

    init(inputs: [[String: Literal]], keys: [CacheKey?], remaining: Int) {
        self.inputs = inputs
        self.keys = keys
        self.remaining = remaining
    }

    var hasQueued: Bool { head < queue.count }

    func enqueue(_ element: Int, _ cache: CacheStatus) {
        // Drop what was taken once it dominates, so the queue does not grow without bound.
        if head > 1024, head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        queue.append((element, cache))
    }

    func dequeue() -> (element: Int, cache: CacheStatus) {
        head += 1
        return queue[head - 1]
    }
}
