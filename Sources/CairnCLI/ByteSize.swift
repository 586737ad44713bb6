import ArgumentParser
import Foundation

/// Sizes as people write them: `1048576`, `512KiB`, `64MiB`, `1GiB` (also `k`, `m`, `g`, `KB`, `MB`,
/// `GB`, all powers of 1024).
enum ByteSize {
    static func parse(_ text: String, option: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isNumber }
        let unit = trimmed.dropFirst(digits.count).lowercased()
        let multipliers: [String: Int] = [
            "": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10, "m": 1 << 20, "mb": 1 << 20,
            "mib": 1 << 20, "g": 1 << 30, "gb": 1 << 30, "gib": 1 << 30,
        ]
        guard let number = Int(digits), let multiplier = multipliers[unit] else {
            throw ValidationError("\(option) \(text): expected bytes or a size such as 64MiB or 1GiB")
        }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { throw ValidationError("\(option) \(text) is too large") }
        return bytes
    }
}
