import CairnCore
import Testing

@Suite struct LiteralJSONTextTests {
    static let digest11 = SHA256Digest(bytes: [UInt8](repeating: 0x11, count: 32))!

    static let cases: [(Literal, String)] = [
        (.int(-5), "-5"),
        (.int(.min), "-9223372036854775808"),
        (.float(1), "1.0"),
        (.float(0.1), "0.1"),
        (.float(1e-5), "1e-05"),
        (.float(1e16), "1e+16"),
        (.float(-0.0), "0.0"),
        (.float(.nan), "\"NaN\""),
        (.float(.infinity), "\"Infinity\""),
        (.float(-.infinity), "\"-Infinity\""),
        (.string("a\"b\\c\n\t\u{1}\u{1F}é/"), "\"a\\\"b\\\\c\\n\\t\\u0001\\u001fé/\""),
        (.string("e\u{301}"), "\"é\""),
        (.bool(true), "true"),
        (.bytes([]), "\"\""),
        (.bytes(Array("f".utf8)), "\"Zg==\""),
        (.bytes(Array("fo".utf8)), "\"Zm8=\""),
        (.bytes(Array("foo".utf8)), "\"Zm9v\""),
        (.bytes(Array("foob".utf8)), "\"Zm9vYg==\""),
        (.bytes(Array("foobar".utf8)), "\"Zm9vYmFy\""),
        (.bytes([0xFF, 0xFE]), "\"//4=\""),
        (.datetime(nanoseconds: 0), "\"1970-01-01T00:00:00Z\""),
        (.datetime(nanoseconds: 1_795_255_200_500_000_000), "\"2026-11-21T10:00:00.5Z\""),
        (.datetime(nanoseconds: -1), "\"1969-12-31T23:59:59.999999999Z\""),
        (.datetime(nanoseconds: .min), "\"1677-09-21T00:12:43.145224192Z\""),
        (.datetime(nanoseconds: .max), "\"2262-04-11T23:47:16.854775807Z\""),
        (.duration(nanoseconds: 1_500_000_000), "\"1.5s\""),
        (.duration(nanoseconds: 0), "\"0s\""),
        (.duration(nanoseconds: -2_000_000_000), "\"-2s\""),
        (.duration(nanoseconds: 1), "\"0.000000001s\""),
        (.duration(nanoseconds: .min), "\"-9223372036.854775808s\""),
        (
            .file(FileLiteral(uri: "/a \"b\"", size: 5, sha256: digest11)),
            "{\"path\":\"/a \\\"b\\\"\",\"sha256\":\"\(digest11.hex)\",\"size\":5}"
        ),
        (
            .offloaded(OffloadedLiteral(uri: "s3://b/k", size: 3, sha256: digest11, type: .map(.int))),
            "{\"$offloaded\":{\"sha256\":\"\(digest11.hex)\",\"size\":3,\"type\":\"map<int>\",\"uri\":\"s3://b/k\"}}"
        ),
        (.list([]), "[]"),
        (.map([:]), "{}"),
        (
            .map(["b": .list([.int(1), .bool(false)]), "a": .structure(["z": .string(""), "Z": .float(2)])]),
            "{\"a\":{\"Z\":2.0,\"z\":\"\"},\"b\":[1,false]}"
        ),
    ]

    @Test(arguments: 0..<cases.count)
    func jsonTextIsCompactAndDeterministic(_ index: Int) {
        let (value, text) = Self.cases[index]
        #expect(value.jsonText() == text)
    }

    @Test func everyControlCharacterIsEscaped() throws {
        let controls = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) }))
        let text = Literal.string(controls).jsonText()
        #expect(!text.utf8.contains { $0 < 0x20 })
        #expect(try Literal(jsonText: text, as: .string) == .string(controls))
    }

    @Test func randomFloatsRoundTripExactly() throws {
        var random = SeededGenerator(seed: 0xF10A7)
        let values = (0..<20_000).map { _ in Literal.float(Double(bitPattern: random.next())) }
        let decoded = try Literal(jsonText: Literal.list(values).jsonText(), as: .list(.float))
        #expect(decoded.canonicalBytes() == Literal.list(values).canonicalBytes())
    }

    @Test func randomIntegersRoundTripExactly() throws {
        var random = SeededGenerator(seed: 0x1A7)
        let values = (0..<20_000).map { index in Literal.int(Int64(bitPattern: random.next()) >> (index % 64)) }
        let decoded = try Literal(jsonText: Literal.list(values).jsonText(), as: .list(.int))
        #expect(decoded == .list(values))
    }
}
