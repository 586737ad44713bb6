import CairnClient
import CairnCore

/// `cache_serialize`: one execution per cache key at a time. A node takes the reservation, or
/// waits for whoever holds it and takes their result from the cache.
enum Reservations {
    enum Outcome: Sendable {
        /// Someone else computed it meanwhile.
        case hit([Literal])
        /// This node holds the lease; put with this fencing token.
        case acquired(Int64)
        /// The catalog could not be asked: run without a reservation.
        case unavailable
    }

    /// The outcome, and why a cached result met on the way was discarded (its blobs missing or
    /// damaged), if one was.
    static func acquire(key: CacheKey, work: NodeWork, context: ExecutionContext) async
        -> (outcome: Outcome, note: String?)
    {
        let owner = context.owner(of: work.job.nodeID)
        var wait = context.configuration.reservationPoll
        var note: String?
        while !Task.isCancelled {
            do {
                let outcome = try await context.catalog.call {
                    try await $0.reserve(
                        dataset: key.dataset, tag: key.tag, owner: owner, lease: context.configuration.lease)
                }
                switch outcome {
                case .acquired(let reservation):
                    return (.acquired(reservation.fencingToken), note)
                case .held:
                    try await Task.sleep(for: wait)
                    wait = min(wait * 2, .seconds(2))
                    switch try await lookUp(key, work: work, context: context) {
                    case .hit(let outputs, _): return (.hit(outputs), note)
                    case .discarded(let reason): note = reason
                    case .miss: break
                    }
                case .cached:
                    switch try await lookUp(key, work: work, context: context) {
                    case .hit(let outputs, _): return (.hit(outputs), note)
                    // Deleted: reserve again, once; a second one (or one the delete missed) runs without a lease.
                    case .discarded(let reason) where note == nil: note = reason
                    case .discarded(let reason): return (.unavailable, reason)
                    // Present but unreadable for this interface: compute it without a lease.
                    case .miss: return (.unavailable, note)
                    }
                }
            } catch {
                return (.unavailable, note)
            }
        }
        return (.unavailable, note)
    }

    private static func lookUp(_ key: CacheKey, work: NodeWork, context: ExecutionContext) async throws
        -> CachedOutputs
    {
        guard let hit = try await context.catalog.call({ try await $0.get(dataset: key.dataset, tag: key.tag) })
        else { return .miss }
        return await Execution.take(hit, task: work.job.task, context: context)
    }
}
