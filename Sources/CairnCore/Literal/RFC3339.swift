import Foundation

/// RFC 3339 timestamps for ``Literal/datetime(nanoseconds:)``: written in UTC with 0–9 fraction
/// digits (trailing zeros trimmed), read with any offset and up to 9 fraction digits.
package enum RFC3339 {
    private static let nanosecondsPerSecond: Int64 = 1_000_000_000

    /// `2026-11-21T10:00:00.5Z` for the given nanoseconds since the Unix epoch.
    package static func format(nanoseconds: Int64) -> String {
        let (seconds, fraction) = floorDivision(nanoseconds, nanosecondsPerSecond)
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let (year, month, day) = civilDate(fromDays: days)
        var text = padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
        text += "T" + padded(secondOfDay / 3600, 2) + ":" + padded(secondOfDay / 60 % 60, 2) + ":"
        text += padded(secondOfDay % 60, 2) + fractionText(fraction) + "Z"
        return text
    }

    /// `.5` for 500,000,000 nanoseconds; empty for zero.
    static func fractionText(_ nanoseconds: Int64) -> String {
        guard nanoseconds != 0 else { return "" }
        var digits = Array(padded(nanoseconds, 9).utf8)
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return "." + String(decoding: digits, as: UTF8.self)
    }

    /// Nanoseconds since the Unix epoch of an RFC 3339 timestamp (`T`, `t` or a space between date
    /// and time; `Z`, `z` or `±HH:MM` offset), or why it is not one.
    static func parse(_ text: String) -> Result<Int64, ParseProblem> {
        var scanner = Array(text.utf8)[...]
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
            let day = scanner.number(2), scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
            let hour = scanner.number(2), scanner.skip(":"), let minute = scanner.number(2), scanner.skip(":"),
            let second = scanner.number(2)
        else { return .failure(ParseProblem("is not an RFC 3339 timestamp like 2026-11-21T10:00:00Z")) }
        var fraction: Int64 = 0
        if scanner.skip(".") {
            let digits = scanner.prefix { $0 >= 0x30 && $0 <= 0x39 }
            guard (1...9).contains(digits.count) else {
                return .failure(ParseProblem("needs 1 to 9 fraction digits, has \(digits.count)"))
            }
            fraction = digits.reduce(0) { $0 * 10 + Int64($1 - 0x30) }
            for _ in digits.count..<9 { fraction *= 10 }
            scanner.removeFirst(digits.count)
        }
        var offsetSeconds: Int64 = 0
        if !(scanner.skip("Z") || scanner.skip("z")) {
            let sign: Int64 = scanner.skip("+") ? 1 : scanner.skip("-") ? -1 : 0
            guard sign != 0, let offsetHour = scanner.number(2), scanner.skip(":"), let offsetMinute = scanner.number(2)
            else { return .failure(ParseProblem("needs a time zone offset: Z or ±HH:MM")) }
            guard offsetHour < 24, offsetMinute < 60 else { return .failure(ParseProblem("has an invalid offset")) }
            offsetSeconds = sign * (offsetHour * 3600 + offsetMinute * 60)
        }
        guard scanner.isEmpty else { return .failure(ParseProblem("has extra characters after the timestamp")) }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else {
            return .failure(ParseProblem("has no such date"))
        }
        guard second != 60 else { return .failure(ParseProblem("is a leap second, which is not supported")) }
        guard hour < 24, minute < 60, second < 60 else { return .failure(ParseProblem("has no such time")) }
        let seconds = days(fromCivilYear: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        // 128 bits, because the earliest instants have whole seconds just past the Int64 range.
        let total = Int128(seconds - offsetSeconds) * Int128(nanosecondsPerSecond) + Int128(fraction)
        guard let nanoseconds = Int64(exactly: total) else {
            return .failure(ParseProblem("is outside the datetime range 1677-09-21 to 2262-04-11"))
        }
        return .success(nanoseconds)
    }

    /// Nanoseconds since the Unix epoch of `date`, rounded to the nearest nanosecond.
    static func nanoseconds(from date: Date) -> Int64? {
        let interval = date.timeIntervalSince1970
        let seconds = interval.rounded(.down)
        guard let whole = Int64(exactly: seconds) else { return nil }
        let fraction = Int128(((interval - seconds) * 1e9).rounded())
        return Int64(exactly: Int128(whole) * Int128(nanosecondsPerSecond) + fraction)
    }

    package struct ParseProblem: Error {
        package var message: String
        init(_ message: String) { self.message = message }
    }

    static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func days(fromCivilYear year: Int64, month: Int64, day: Int64) -> Int64 {
        let year = month <= 2 ? year - 1 : year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day number (Howard Hinnant's `civil_from_days`).
    private static func civilDate(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension ArraySlice<UInt8> {
    /// Consumes exactly `count` ASCII digits.
    fileprivate mutating func number(_ count: Int) -> Int64? {
        guard self.count >= count else { return nil }
        var value: Int64 = 0
        for byte in prefix(count) {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        removeFirst(count)
        return value
    }

    fileprivate mutating func skip(_ symbol: Unicode.Scalar) -> Bool {
        guard first == UInt8(ascii: symbol) else { return false }
        removeFirst()
        return true
    }
}
