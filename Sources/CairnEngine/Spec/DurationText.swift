/// Durations as people write them: `500ms`, `30s`, `1h30m`, `1.5s`, `2d` (units `ns`, `us`, `ms`,
/// `s`, `m`, `h`, `d`; every number carries a unit).
enum DurationText {
    private static let units: [(suffix: String, nanoseconds: Int64)] = [
        ("ns", 1), ("us", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000),
        ("h", 3_600_000_000_000), ("d", 86_400_000_000_000),
    ]

    /// The duration `text` spells, or `nil` when it is not one (or does not fit in 64-bit nanoseconds).
    static func parse(_ text: String) -> Duration? {
        var rest = Substring(text)
        var total: Int64 = 0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let whole = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(whole.count)
            var fraction: Substring = ""
            if rest.first == "." {
                fraction = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
                guard !fraction.isEmpty else { return nil }
                rest = rest.dropFirst(fraction.count + 1)
            }
            let letters = rest.prefix { $0.isASCII && $0.isLetter }
            rest = rest.dropFirst(letters.count)
            guard !whole.isEmpty, let unit = units.first(where: { $0.suffix == letters })?.nanoseconds,
                let part = nanoseconds(whole: whole, fraction: fraction, unit: unit)
            else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(part)
            guard !overflow else { return nil }
            total = sum
        }
        return .nanoseconds(total)
    }

    private static func nanoseconds(whole: Substring, fraction: Substring, unit: Int64) -> Int64? {
        guard let number = Int64(whole) else { return nil }
        let (value, overflow) = number.multipliedReportingOverflow(by: unit)
        guard !overflow else { return nil }
        var scale = unit
        var extra: Int64 = 0
        for digit in fraction.prefix(18) {
            scale /= 10
            extra += Int64(digit.wholeNumberValue!) * scale
        }
        let (sum, sumOverflow) = value.addingReportingOverflow(extra)
        return sumOverflow ? nil : sum
    }
}
