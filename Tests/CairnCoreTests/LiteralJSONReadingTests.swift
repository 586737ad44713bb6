import CairnCore
import Foundation
import Testing

@Suite struct LiteralJSONReadingTests {
    static let hex = String(repeating: "ab", count: 32)

    /// Reads `text` as `type` and returns the error's message (without the path), or records an issue.
    func message(_ text: String, as type: LiteralType, field: String = "value") -> String? {
        let error = expectCairnError(.invalidArgument, field: field) { _ = try Literal(jsonText: text, as: type) }
        return error?.message.dropFirst(field.count + 2).description
    }

    @Test func booleansAndNumbersAreKeptApartInJSON() throws {
        #expect(message("true", as: .int) == "expected int, got boolean true")
        #expect(message("1", as: .bool) == "expected bool, got number 1")
        #expect(message("0", as: .bool) == "expected bool, got number 0")
        #expect(message("1.0", as: .bool) == "expected bool, got number 1")
        #expect(message("false", as: .float) == "expected float, got boolean false")
        #expect(try Literal(jsonText: "true", as: .bool) == .bool(true))
        #expect(try Literal(jsonText: "false", as: .bool) == .bool(false))
    }

    @Test func booleansAndNumbersAreKeptApartInYAMLValues() throws {
        // What Yams.load(yaml:) returns: Swift Bool, Int and Double, which bridge to NSNumber.
        expectCairnError(.invalidArgument, field: "value") { _ = try Literal(jsonValue: true, as: .int) }
        expectCairnError(.invalidArgument, field: "value") { _ = try Literal(jsonValue: 1, as: .bool) }
        expectCairnError(.invalidArgument, field: "value") { _ = try Literal(jsonValue: 1.0, as: .bool) }
        expectCairnError(.invalidArgument, field: "value") { _ = try Literal(jsonValue: 1.5, as: .int) }
        #expect(try Literal(jsonValue: true, as: .bool) == .bool(true))
        #expect(try Literal(jsonValue: 7, as: .int) == .int(7))
        #expect(try Literal(jsonValue: Int.max, as: .int) == .int(.max))
        #expect(try Literal(jsonValue: 7, as: .float) == .float(7))
        #expect(try Literal(jsonValue: 2.0, as: .int) == .int(2))
        // And Foundation's own boxes.
        expectCairnError(.invalidArgument, field: "value") {
            _ = try Literal(jsonValue: NSNumber(value: true), as: .int)
        }
        expectCairnError(.invalidArgument, field: "value") { _ = try Literal(jsonValue: NSNumber(value: 1), as: .bool) }
        #expect(try Literal(jsonValue: NSNumber(value: 1), as: .int) == .int(1))
        #expect(try Literal(jsonValue: NSNumber(value: false), as: .bool) == .bool(false))
    }

    @Test func integersMustBeIntegralAndInRange() throws {
        #expect(try Literal(jsonText: "1.0", as: .int) == .int(1))
        #expect(try Literal(jsonText: "9223372036854775807", as: .int) == .int(.max))
        #expect(try Literal(jsonText: "-9223372036854775808", as: .int) == .int(.min))
        #expect(try Literal(jsonText: "-4117152560467766790", as: .int) == .int(-4_117_152_560_467_766_790))
        #expect(message("1.5", as: .int) == "expected int, got number 1.5, which is not an integer")
        #expect(
            message("9223372036854775808", as: .int)
                == "expected int, got number 9.223372036854776e+18, which is out of the int range")
        #expect(message("-1e30", as: .int)?.hasSuffix("which is out of the int range") == true)
        #expect(message("\"5\"", as: .int) == "expected int, got string \"5\"")
    }

    @Test func floatsAcceptIntegersAndTheNonFiniteNames() throws {
        #expect(try Literal(jsonText: "2", as: .float) == .float(2))
        #expect(try Literal(jsonText: "-0.0", as: .float).canonicalBytes() == Literal.float(0).canonicalBytes())
        #expect(try Literal(jsonText: "\"Infinity\"", as: .float) == .float(.infinity))
        #expect(try Literal(jsonText: "\"-Infinity\"", as: .float) == .float(-.infinity))
        guard case .float(let nan) = try Literal(jsonText: "\"NaN\"", as: .float) else { Issue.record(); return }
        #expect(nan.bitPattern == 0x7FF8_0000_0000_0000)
        #expect(message("\"nan\"", as: .float) == "expected float, got string \"nan\"")
        #expect(message("null", as: .float) == "expected float, got null")
    }

    @Test(
        arguments: [
            ("\"2026-11-21T10:00:00.5Z\"", 1_795_255_200_500_000_000),
            ("\"2026-11-21T12:30:00.5+02:30\"", 1_795_255_200_500_000_000),
            ("\"2026-11-21T09:00:00.500000000-01:00\"", 1_795_255_200_500_000_000),
            ("\"2026-11-21t10:00:00.5z\"", 1_795_255_200_500_000_000),
            ("\"2026-11-21 10:00:00.5Z\"", 1_795_255_200_500_000_000),
            ("\"1970-01-01T00:00:00.000000001Z\"", 1),
            ("\"1969-12-31T23:59:59Z\"", -1_000_000_000),
            ("\"2024-02-29T00:00:00Z\"", 1_709_164_800_000_000_000),
            ("\"1677-09-21T00:12:43.145224192Z\"", Int64.min),
            ("\"2262-04-11T23:47:16.854775807Z\"", Int64.max),
        ] as [(String, Int64)])
    func datetimesAreReadWithAnyOffset(_ text: String, _ nanoseconds: Int64) throws {
        #expect(try Literal(jsonText: text, as: .datetime) == .datetime(nanoseconds: nanoseconds))
    }

    @Test(arguments: [
        ("2023-02-29T00:00:00Z", "has no such date"),
        ("2026-13-01T00:00:00Z", "has no such date"),
        ("2026-11-21T24:00:00Z", "has no such time"),
        ("2026-11-21T10:00:60Z", "is a leap second, which is not supported"),
        ("2026-11-21T10:00:00.1234567890Z", "needs 1 to 9 fraction digits, has 10"),
        ("2026-11-21T10:00:00.Z", "needs 1 to 9 fraction digits, has 0"),
        ("2026-11-21T10:00:00", "needs a time zone offset: Z or ±HH:MM"),
        ("2026-11-21T10:00:00+2:00", "needs a time zone offset: Z or ±HH:MM"),
        ("2026-11-21T10:00:00Z ", "has extra characters after the timestamp"),
        ("2026-11-21", "is not an RFC 3339 timestamp like 2026-11-21T10:00:00Z"),
        ("2262-04-11T23:47:16.854775808Z", "is outside the datetime range 1677-09-21 to 2262-04-11"),
    ])
    func malformedDatetimesAreRejected(_ text: String, _ problem: String) {
        #expect(message("\"\(text)\"", as: .datetime) == "\"\(text)\" \(problem)")
    }

    @Test func datesFromYAMLAreRead() throws {
        #expect(
            try Literal(jsonValue: Date(timeIntervalSince1970: 1.5), as: .datetime)
                == .datetime(nanoseconds: 1_500_000_000))
        #expect(
            try Literal(jsonValue: Date(timeIntervalSince1970: -0.25), as: .datetime)
                == .datetime(nanoseconds: -250_000_000))
        expectCairnError(.invalidArgument, field: "value") {
            _ = try Literal(jsonValue: Date(timeIntervalSince1970: 1e10), as: .datetime)
        }
    }

    @Test(
        arguments: [
            ("\"1h30m\"", 5_400_000_000_000), ("\"1.5s\"", 1_500_000_000), ("\"250ms\"", 250_000_000),
            ("\"-2s\"", -2_000_000_000), ("\"0\"", 0), ("\"0s\"", 0), ("\"+3us\"", 3_000), ("\"1µs\"", 1_000),
            ("\"2.5h\"", 9_000_000_000_000), ("\"1m0.5s\"", 60_500_000_000), ("\"7ns\"", 7),
            ("\"-9223372036.854775808s\"", Int64.min), ("1.5", 1_500_000_000), ("-2", -2_000_000_000),
        ] as [(String, Int64)])
    func durationsAreReadFromSecondsOrUnits(_ text: String, _ nanoseconds: Int64) throws {
        #expect(try Literal(jsonText: text, as: .duration) == .duration(nanoseconds: nanoseconds))
    }

    @Test(arguments: [
        ("\"1.5ns\"", "\"1.5ns\" is finer than a nanosecond"),
        ("\"5\"", "\"5\" has a number without a unit; units are ns, us, ms, s, m, h, d"),
        ("\"1w\"", "\"1w\" has unit \"w\"; units are ns, us, ms, s, m, h, d"),
        ("\"1.s\"", "\"1.s\" is not a duration like 1.5s or 1h30m: malformed number"),
        ("\"\"", "\"\" is not a duration like 1.5s or 1h30m"),
        ("\"9223372037s\"", "\"9223372037s\" is out of range (about 292 years)"),
        ("1e10", "duration of 10000000000s is out of range"),
        ("9223372036.9", "duration of 9223372036.9s is out of range"),
        ("true", "expected duration, got boolean true"),
    ])
    func malformedDurationsAreRejected(_ text: String, _ problem: String) {
        #expect(message(text, as: .duration) == problem)
    }

    @Test func bytesAreBase64OrBinaryData() throws {
        #expect(try Literal(jsonText: "\"Zm9vYg==\"", as: .bytes) == .bytes(Array("foob".utf8)))
        #expect(try Literal(jsonValue: Data([1, 2]), as: .bytes) == .bytes([1, 2]))
        #expect(message("\"Zm9\"", as: .bytes) == "expected bytes as base64, got string \"Zm9\"")
    }
}
