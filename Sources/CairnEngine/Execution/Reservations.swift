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

    static func acquire(key: CacheKey, work: NodeWork, context: ExecutionContext) async -> Outcome {
        let owner = context.owner(of: work.job.nodeID)
        var wait = context.configuration.reservationPoll
        while !Task.isCancelled {
            do {
                let outcome = try await context.catalog.call {
                    try await $0.reserve(
                        dataset: key.dataset, tag: key.tag, owner: owner, lease: context.configuration.lease)
                }
                switch outcome {
                case .acquired(let reservation):
                    return .acquired(reservation.fencingToken)
                case .held:
                    try await Task.sleep(for: wait)
                    wait = min(wait * 2, .seconds(2))
                    if let outputs = try await lookUp(key, work: work, context: context) { return .hit(outputs) }
                case .cached:
                    if let outputs = try await lookUp(key, work: work, context: context) { return .hit(outputs) }
                    // Present but unreadable for this interface: compute it without a lease.
                    return .unavailable
                }
            } catch {
                return .unavailable
            }
        }
        return .unavailable
    }

    private static func lookUp(_ key: CacheKey, work: NodeWork, context: ExecutionContext) async throws -> [Literal]? {
        let hit = try await context.catalog.call { try await $0.get(dataset: key.dataset, tag: key.tag) }
        return hit.flatMap { Execution.outputs(of: CachedArtifactValues($0), task: work.job.task) }
    }
}
