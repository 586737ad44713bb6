import CairnCore

/// When a round of evictions should begin so that the catalog does not pass its budget while the
/// round gets going: the size grows between the check that sees it near the budget and the first
/// committed batch (the check interval, the lock, the selection's sort, one batch's transaction).
/// The forecast keeps the recent growth rate and that reaction time (both smoothed) and says
/// "begin" once the size plus the growth during one reaction would pass the budget. Without
/// growth, or before it has a reading, that is the budget itself. A value type the keeper's thread
/// owns.
struct BudgetForecast: Sendable {
    /// Bytes per second the catalog grew by lately (never negative: evictions do not count).
    private(set) var growth: Double = 0
    /// Seconds from a round's start to its first committed batch, lately.
    private(set) var reaction: Double = 0
    private var last: (time: ContinuousClock.Instant, bytes: Int64)?
    /// Weight of a new observation in the smoothed values.
    static let weight = 0.3

    /// Takes a reading of the size at `time`.
    mutating func observe(bytes: Int64, at time: ContinuousClock.Instant) {
        if let last, time > last.time {
            let rate = Double(max(0, bytes - last.bytes)) / (time - last.time).timeInterval
            growth += Self.weight * (rate - growth)
        }
        last = (time, bytes)
    }

    /// Takes how long a round took to commit its first batch.
    mutating func observe(reaction: Duration) {
        self.reaction += Self.weight * (reaction.timeInterval - self.reaction)
    }

    /// Whether a round should begin at `bytes`, for a budget of `maxBytes` checked every
    /// `interval` seconds: the growth expected before a round's first batch lands would pass it.
    func shouldEvict(bytes: Int64, maxBytes: Int64, interval: Duration) -> Bool {
        let expected = growth * (reaction + interval.timeInterval)
        return Double(bytes) + expected > Double(maxBytes)
    }
}
