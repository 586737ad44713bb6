import CairnClient
import CairnCore

/// `cache_serialize`: one execution per cache key at a time. A node takes the reservation, or
/// waits for whoever holds it and takes their result from the cache.
enum Reservations {
    enum Outcome<Found: Sendable>: Sendable {
        /// Someone else computed it meanwhile.
        case hit(Found)
        /// This node holds the lease; put with this fencing token.
        case acquired(Int64)
        /// The catalog could not be asked: run without a reservation.
        case unavailable
    }

    /// What a look at the cache found while waiting for the lease.
    enum Probe<Found: Sendable>: Sendable {
        case hit(Found)
        /// Nothing usable.
        case miss
        /// A result that was deleted (blobs missing or damaged); why.
        case discarded(String)
    }

    /// A task's outputs: the outcome, and why a cached result met on the way was discarded (its
    /// blobs missing or damaged), if one was.
    static func acquire(key: CacheKey, work: NodeWork, context: ExecutionContext) async
        -> (outcome: Outcome<[Literal]>, note: String?)
    {
        await acquire(key: key, work: work, context: context) {
            switch try await lookUp(key, work: work, context: context) {
            case .hit(let outputs, _): .hit(outputs)
            case .discarded(let reason): .discarded(reason)
            case .miss: .miss
            }
        }
    }

    /// Takes the lease on `key`, or waits for its holder and takes what `lookUp` then finds.
    static func acquire<Found: Sendable>(
        key: CacheKey, work: NodeWork, context: ExecutionContext,
        lookUp: @Sendable () async throws -> Probe<Found>
    ) async -> (outcome: Outcome<Found>, note: String?) {
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
                    switch try await lookUp() {
                    case .hit(let found): return (.hit(found), note)
                    case .discarded(let reason): note = reason
                    case .miss: break
                    }
                case .cached:
                    switch try await lookUp() {
                    case .hit(let found): return (.hit(found), note)
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

    /// Gives up `owner`'s lease on `key` (after the put, so a waiter finds the result).
    static func release(_ key: CacheKey, work: NodeWork, context: ExecutionContext) async {
        _ = try? await context.catalog.call {
            try await $0.release(dataset: key.dataset, tag: key.tag, owner: context.owner(of: work.job.nodeID))
        }
    }

    private static func lookUp(_ key: CacheKey, work: NodeWork, context: ExecutionContext) async throws
        -> CachedOutputs
    {
        guard let hit = try await context.catalog.call({ try await $0.get(dataset: key.dataset, tag: key.tag) })
        else { return .miss }
        return await Execution.take(hit, task: work.job.task, context: context)
    }
}
