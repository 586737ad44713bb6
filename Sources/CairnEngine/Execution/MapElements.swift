import CairnCore

/// Where the elements of one map node stand: columns of one byte per element (phase and cache
/// status) and the outputs of the elements that succeeded, not a node record per element.
struct MapElements: Hashable, Sendable {
    /// One element's lifecycle.
    enum Phase: UInt8, Sendable {
        case pending = 0
        /// Being looked up or run; pending again on resume.
        case running = 1
        case succeeded = 2
        case failed = 3
    }

    var phases: [Phase]
    /// ``CacheStatus/rawValue``, 0 for none yet.
    var caches: [UInt8]
    /// Each element's outputs in its task's output order, once it succeeded (offloaded ones as references).
    var outputs: [[Literal]?]

    init(count: Int) {
        phases = Array(repeating: .pending, count: count)
        caches = Array(repeating: 0, count: count)
        outputs = Array(repeating: nil, count: count)
    }

    var count: Int { phases.count }

    func cache(_ element: Int) -> CacheStatus? { CacheStatus(rawValue: caches[element]) }

    /// Elements that have not finished (pending, running, or failed when they are to run again).
    var unfinished: Int { phases.reduce(0) { $0 + ($1 == .succeeded || $1 == .failed ? 0 : 1) } }

    /// Element indices that failed, ascending.
    var failed: [Int] { phases.indices.filter { phases[$0] == .failed } }

    /// Elements per cache status.
    var cacheCounts: [CacheStatus: Int] {
        caches.reduce(into: [:]) { counts, raw in
            if let status = CacheStatus(rawValue: raw) { counts[status, default: 0] += 1 }
        }
    }

    /// The node's one status: HIT only when every element was a hit, otherwise the least good
    /// that an element had (a catalog failure, then a miss, before SKIPPED, POPULATED, HIT).
    func nodeCache(enabled: Bool) -> CacheStatus {
        guard enabled else { return .disabled }
        let order: [CacheStatus] = [.lookupFailure, .putFailure, .miss, .skipped, .populated, .hit]
        let present = Set(caches)
        return order.first { present.contains($0.rawValue) } ?? .hit
    }
}
