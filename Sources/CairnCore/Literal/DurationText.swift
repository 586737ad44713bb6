/// Text for durations: ``Literal/duration(nanoseconds:)`` values, and the timeouts and TTLs of
/// workflow files. Written as seconds (`1.5s`, `0s`, `-2s`), read as a sequence of numbers with units
/// (`90s`, `1.5h`, `1h30m`, `250ms`, `2d`, `-2s`).
package enum DurationText {
    /// Nanoseconds per unit; `µs` is accepted for `us`.
    private static let units: [(name: String, nanoseconds: Int128)] = [
        ("ns", 1), ("us", 1_000), ("µs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000),
        ("m", 60_000_000_000), ("h", 3_600_000_000_000), ("d", 86_400_000_000_000),
    ]

    /// Whole and fractional seconds with an `s`: `1.5s`, `0s`, `-0.000000001s`.
    static func format(nanoseconds: Int64) -> String {
        let magnitude = nanoseconds.magnitude
        let sign = nanoseconds < 0 ? "-" : ""
        let fraction = RFC3339.fractionText(Int64(magnitude % 1_000_000_000))
        return "\(sign)\(magnitude / 1_000_000_000)\(fraction)s"
    }

    /// Parses `format`'s output and the other forms above; a bare `0` is accepted as zero.
    /// Returns nanoseconds, or a message saying what is wrong.
    package static func parse(_ text: String) -> Result<Int64, RFC3339.ParseProblem> {
        var rest = Substring(text)
        let negative = rest.first == "-"
        if rest.first == "-" || rest.first == "+" { rest.removeFirst() }
        if rest == "0" { return .success(0) }
        guard !rest.isEmpty else { return .failure(.init("is not a duration like 1.5s or 1h30m")) }
        var total: Int128 = 0
        while !rest.isEmpty {
            let whole = rest.prefix { $0.isASCII && $0.isNumber }
            rest.removeFirst(whole.count)
            var fraction = Substring()
            let hasPoint = rest.first == "."
            if hasPoint {
                rest.removeFirst()
                fraction = rest.prefix { $0.isASCII && $0.isNumber }
                rest.removeFirst(fraction.count)
            }
            guard !whole.isEmpty, whole.count <= 19, hasPoint != fraction.isEmpty, fraction.count <= 18 else {
                return .failure(.init("is not a duration like 1.5s or 1h30m: malformed number"))
            }
            let unitName = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard let unit = units.first(where: { $0.name == unitName }) else {
                let found = unitName.isEmpty ? "a number without a unit" : "unit \"\(unitName)\""
                return .failure(.init("has \(found); units are ns, us, ms, s, m, h, d"))
            }
            rest.removeFirst(unitName.count)
            var scale: Int128 = 1
            for _ in fraction { scale *= 10 }
            let fractionPart = (Int128(fraction) ?? 0) * unit.nanoseconds
            guard fractionPart % scale == 0 else {
                return .failure(.init("is finer than a nanosecond"))
            }
            total += Int128(whole)! * unit.nanoseconds + fractionPart / scale
            guard total <= Int128(Int64.max) + 1 else { return .failure(.init("is out of range (about 292 years)")) }
        }
        let signed = negative ? -total : total
        guard let result = Int64(exactly: signed) else { return .failure(.init("is out of range (about 292 years)")) }
        return .success(result)
    }

    /// A length of time that is not negative (a timeout, a TTL), or `nil` when `text` is not one.
    package static func duration(_ text: String) -> Duration? {
        guard case .success(let nanoseconds) = parse(text), nanoseconds >= 0 else { return nil }
        return .nanoseconds(nanoseconds)
    }
}
