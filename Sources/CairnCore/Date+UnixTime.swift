import Foundation

extension Date {
    /// Unix milliseconds, rounded down: PostgreSQL keeps microseconds, and a time sent back as
    /// `CREATED-FROM` must include the artifact it came from (and `CREATED-BEFORE` exclude it).
    /// Saturating at the ends of Int64 (a row SQL set to `infinity`), never trapping.
    /// Rounded to the microsecond first, PostgreSQL's resolution: a stored time is a whole number of
    /// microseconds whose Double form may fall just below it, and flooring that would lose a millisecond.
    public var unixMilliseconds: Int64 {
        let micros = (timeIntervalSince1970 * 1_000_000).rounded()
        guard micros.isFinite, micros > -9.2e18, micros < 9.2e18 else { return micros < 0 ? .min : .max }
        let (quotient, remainder) = Int64(micros).quotientAndRemainder(dividingBy: 1000)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// Unix nanoseconds, rounded to the nearest; saturating like ``unixMilliseconds``.
    public var unixNanoseconds: Int64 { Self.saturating((timeIntervalSince1970 * 1e9).rounded()) }

    /// The date `milliseconds` after 1970-01-01 UTC.
    public init(unixMilliseconds milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    private static func saturating(_ value: Double) -> Int64 {
        guard value.isFinite, value > -9.2e18, value < 9.2e18 else { return value < 0 ? .min : .max }
        return Int64(value)
    }
}
