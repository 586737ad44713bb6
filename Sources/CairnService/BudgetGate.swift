import CairnCore
import CairnStore
import Synchronization

/// Holds writes back while the catalog is over its size budget by more than one eviction batch, so
/// that writers faster than the budget keeper cannot push the catalog past it by more than that,
/// whatever the keeper's reaction time. The keeper tells the gate the size it reads and the bytes
/// each batch frees; a write is admitted while the last size read, plus what this server admitted
/// since, plus the write stays within the budget and one batch's worth of average artifacts.
///
/// A write that is not admitted waits (polling every few milliseconds: waits happen only while the
/// catalog is over budget) and wakes the keeper, which checks at once; after `maxWait` it fails
/// with ``CairnError/Code/limitExceeded``. Without a budget every write passes at once. Counts are
/// this server's: with several servers on one database the bound is one batch per server.
public final class BudgetGate: Sendable {
    /// What the gate knows and has admitted.
    struct State: Sendable {
        /// The budget, `nil` without one.
        var maxBytes: Int64?
        /// The budget plus one batch, once a reading has been taken.
        var limit: Int64?
        /// The last size read, less what evictions freed since.
        var known: Int64 = 0
        /// Bytes admitted since the last reading (in flight at the reading included).
        var admitted: Int64 = 0
        /// Bytes admitted and not finished yet.
        var inFlight: Int64 = 0
        /// Bytes ever admitted (a reading counts what was admitted after it began).
        var total: Int64 = 0
        /// Writes waiting now.
        var waiting = 0
        /// How long a write waits for room before it fails.
        var maxWait: Duration = .seconds(30)

        /// Admits `bytes` if they fit under the budget.
        mutating func admit(_ bytes: Int64) -> Bool {
            guard let maxBytes else { return true }
            // Before the first reading the size is not known: wait for it.
            guard let limit else { return false }
            // A write larger than the slack passes alone once the catalog is within the budget, or
            // it would wait forever.
            guard
                known.addingSaturating(admitted).addingSaturating(bytes) <= limit
                    || (admitted == 0 && known <= maxBytes)
            else { return false }
            admitted = admitted.addingSaturating(bytes)
            inFlight = inFlight.addingSaturating(bytes)
            // Only differences of it are read: wrapping keeps them right.
            total &+= bytes
            return true
        }
    }

    let state = Mutex(State())
    /// Whether a budget is set: without one a write takes no lock and its size is not computed.
    let budgeted = Atomic(false)

    /// A gate without a budget: every write passes.
    public init() {}

    /// Sets the budget (`nil` lifts it) and how long a write waits for room.
    func configure(maxBytes: Int64?, maxWait: Duration) {
        state.withLock { ($0.maxBytes, $0.limit, $0.maxWait) = (maxBytes, nil, maxWait) }
        budgeted.store(maxBytes != nil, ordering: .releasing)
    }

    /// Where admissions stood when a reading began (see ``observe(_:since:batchSize:)``).
    struct Mark: Sendable {
        let total: Int64
        let inFlight: Int64
    }

    /// Call before reading the size, and pass the mark to ``observe(_:since:batchSize:)``.
    func mark() -> Mark {
        state.withLock { Mark(total: $0.total, inFlight: $0.inFlight) }
    }

    /// Takes a reading of the catalog's size begun at `mark`: the writes admitted since it, and those
    /// in flight at it (committed or not when the size was read), count on top. The slack over the
    /// budget becomes one batch of `batchSize` artifacts of the average size now.
    func observe(_ size: CatalogSize, since mark: Mark, batchSize: Int) {
        state.withLock {
            let average = size.bytes / max(1, size.artifacts)
            $0.limit = $0.maxBytes.map { $0.addingSaturating(average.multipliedSaturating(by: Int64(batchSize))) }
            $0.known = size.bytes
            $0.admitted = ($0.total &- mark.total).addingSaturating(mark.inFlight)
        }
    }

    /// Evictions freed `bytes` since the last reading.
    func freed(_ bytes: Int64) {
        state.withLock { $0.known = $0.known.addingSaturating(-bytes) }
    }

    /// Whether a write is waiting for room (the keeper then checks without waiting for its interval).
    var hasWaiters: Bool { state.withLock { $0.waiting > 0 } }

    /// Runs `write` once `bytes` (evaluated only under a budget) fit under the budget.
    /// - Throws: ``CairnError/Code/limitExceeded`` when no room was made within `maxWait`.
    func admitting<T>(_ bytes: @autoclosure () -> Int64, _ write: () async throws -> T) async throws -> T {
        guard budgeted.load(ordering: .acquiring) else { return try await write() }
        let bytes = max(0, bytes())
        if !state.withLock({ $0.admit(bytes) }) { try await wait(for: bytes) }
        defer { state.withLock { $0.inFlight = $0.inFlight.addingSaturating(-bytes) } }
        return try await write()
    }

    private func wait(for bytes: Int64) async throws {
        state.withLock { $0.waiting += 1 }
        defer { state.withLock { $0.waiting -= 1 } }
        let maxWait = state.withLock { $0.maxWait }
        let deadline = ContinuousClock.now + maxWait
        while !state.withLock({ $0.admit(bytes) }) {
            guard ContinuousClock.now < deadline else {
                throw CairnError(
                    .limitExceeded,
                    "the catalog is over its size budget (--max-size) and evictions made no room for "
                        + "\(bytes) bytes within \(maxWait)")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}
