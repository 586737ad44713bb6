/// Sizes as people write them: `1048576`, `512KiB`, `64MiB`, `1GiB` (also `k`, `m`, `g`, `KB`, `MB`,
/// `GB`, all powers of 1024; case does not matter).
public enum ByteSize {
    private static let multipliers: [String: Int] = [
        "": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10, "m": 1 << 20, "mb": 1 << 20,
        "mib": 1 << 20, "g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30, "t": 1 << 40, "tb": 1 << 40, "tib": 1 << 40,
    ]

    /// The number of bytes `text` spells, or `nil` when it is not a size or does not fit in an `Int`.
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        let unit = String(trimmed.dropFirst(digits.count)).lowercased()
        guard let number = Int(String(digits)), let multiplier = multipliers[unit] else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : bytes
    }
}
