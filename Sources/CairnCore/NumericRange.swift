/// The whole numbers an argument may take, with the unit it is counted in. Every number that
/// arrives from outside (the wire, the command line, a workflow or configuration file) is read
/// through one of these where it is parsed, so nothing downstream (date arithmetic, SQL binding)
/// meets a value it cannot represent, and the error names the argument and its range.
public struct NumericRange: Sendable, Hashable, CustomStringConvertible {
    /// The smallest value accepted.
    public var lower: Int64
    /// The largest value accepted.
    public var upper: Int64
    /// What the number counts (`seconds`, `ms`), empty for a plain count.
    public var unit: String

    public init(_ lower: Int64, _ upper: Int64, unit: String = "") {
        precondition(lower <= upper, "an empty numeric range")
        self.lower = lower
        self.upper = upper
        self.unit = unit
    }

    /// `1 … 3153600000 seconds`.
    public var description: String {
        "\(lower) … \(upper)" + (unit.isEmpty ? "" : " \(unit)")
    }

    /// Whether `value` is in the range.
    public func contains(_ value: Int64) -> Bool { value >= lower && value <= upper }

    /// Reads `text` as a decimal integer in the range.
    /// - Parameter argument: the name the error gives (`TTL`, `lease-ms`, `--timeout`).
    /// - Throws: ``CairnError/Code/invalidArgument`` naming `argument` and the range, for text that
    ///   is not a decimal integer (an empty string, `1e3`, `NaN`, digits past Int64) or lies outside.
    public func parse(_ text: String, argument: String) throws -> Int64 {
        guard let value = Int64(text), contains(value) else { throw outOfRange(argument, text: text) }
        return value
    }

    /// Checks a number that is already an integer.
    /// - Throws: ``CairnError/Code/invalidArgument`` naming `argument` and the range.
    @discardableResult
    public func check(_ value: Int64, argument: String) throws -> Int64 {
        guard contains(value) else { throw outOfRange(argument, text: String(value)) }
        return value
    }

    /// Checks a number that is already an integer.
    @discardableResult
    public func check(_ value: Int, argument: String) throws -> Int {
        try Int(check(Int64(value), argument: argument))
    }

    /// The error for `text` given as `argument`.
    public func outOfRange(_ argument: String, text: String) -> CairnError {
        let shown = text.count > 32 ? "\(text.prefix(32))…" : text
        return CairnError(
            .invalidArgument, "\(argument) must be an integer in \(self), got '\(shown)'", field: argument)
    }
}

extension NumericRange {
    /// A time to live in seconds: at least one second, at most 100 years (so that now plus a TTL
    /// is always a time PostgreSQL and `Date` represent exactly).
    public static let ttlSeconds = NumericRange(1, 3_153_600_000, unit: "seconds")
    /// A point in time as Unix milliseconds: 1970-01-01 up to 9999-12-31T23:59:59.999Z.
    public static let unixMilliseconds = NumericRange(0, 253_402_300_799_999, unit: "ms since 1970")
    /// A reservation lease in milliseconds; 0 asks for the default lease. Leases are clamped to the
    /// server's minimum and maximum afterwards.
    public static let leaseMilliseconds = NumericRange(0, 86_400_000, unit: "ms")
    /// A fencing token as reservations hand them out.
    public static let fencingToken = NumericRange(0, .max)
    /// A size in bytes.
    public static let byteCount = NumericRange(0, .max, unit: "bytes")
    /// A page size; the store clamps it to its largest page.
    public static let pageSize = NumericRange(1, 1_000_000)
    /// Artifacts per purge transaction.
    public static let purgeBatch = NumericRange(1, 100_000)
    /// A TCP port, 0 meaning any free port.
    public static let port = NumericRange(0, 65_535)
}
