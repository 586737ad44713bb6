import CairnCore
import Testing

@Suite struct LiteralTypeTests {
    static let texts = [
        "int", "float", "string", "bool", "bytes", "datetime", "duration", "file", "list<int>", "map<string>",
        "list<map<list<file>>>", "struct{}", "struct{a: int}",
        "struct{a: list<int>, b: struct{c: bytes}, z_9: map<bool>}",
    ]

    @Test(arguments: texts)
    func textFormRoundTrips(_ text: String) throws {
        #expect(try LiteralType(parsing: text).description == text)
    }

    @Test func structFieldsPrintInNameOrder() {
        let type = LiteralType.structure([.init(name: "b", type: .int), .init(name: "a", type: .list(.string))])
        #expect(type.description == "struct{a: list<string>, b: int}")
        #expect(
            LiteralType.structure(fields: ["z": .bool, "B": .int, "a": .float]).description
                == "struct{B: int, a: float, z: bool}")
    }

    @Test func parsingAllowsWhitespaceAnyFieldOrderAndStringKeyedMaps() throws {
        #expect(try LiteralType(parsing: "  list < map<string , int> >\n") == .list(.map(.int)))
        #expect(try LiteralType(parsing: "map<string,string>") == .map(.string))
        #expect(try LiteralType(parsing: "map<string>") == .map(.string))
        #expect(
            try LiteralType(parsing: "struct {\n  b : int ,\ta:float }")
                == .structure([.init(name: "a", type: .float), .init(name: "b", type: .int)]))
    }

    @Test(arguments: [
        ("", "expected a type, found the end at column 1"),
        ("integer", "unknown type \"integer\" at column 1"),
        ("list<int", "expected \">\", found the end at column 9"),
        ("list<int>>", "unexpected \">\" after the type at column 10"),
        ("map<int, string>", "map keys must be string, not int at column 5"),
        ("map< list<int> ,int>", "map keys must be string, not list<int> at column 6"),
        ("struct{a: int, a: float}", "field a appears twice at column 16"),
        ("struct{a int}", "expected \":\", found \"i\" at column 10"),
        ("struct{a-b: int}", "expected \":\", found \"-\" at column 9"),
        ("struct{: int}", "expected a field name, found \":\" at column 8"),
        ("struct{a: int,}", "expected a field name, found \"}\" at column 15"),
        ("list<é>", "expected a type, found byte 0xc3 at column 6"),
    ])
    func malformedTextIsRejectedWithItsColumn(_ text: String, _ message: String) {
        let error = expectCairnError(.invalidArgument, field: "type") { _ = try LiteralType(parsing: text) }
        #expect(error?.message.hasSuffix(message) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("cannot parse \"\(text)\"") == true, "\(error?.message ?? "")")
    }

    @Test func fieldNamesAreLimitedTo128Bytes() throws {
        let longest = String(repeating: "x", count: 128)
        #expect(try LiteralType(parsing: "struct{\(longest): int}") == .structure(fields: [longest: .int]))
        let error = expectCairnError(.invalidArgument, field: "type") {
            _ = try LiteralType(parsing: "struct{\(longest)y: int}")
        }
        #expect(error?.message.contains("longer than 128") == true)
    }

    @Test func nestingIsBoundedAt64() throws {
        let deepest = String(repeating: "list<", count: 64) + "int" + String(repeating: ">", count: 64)
        let parsed = try LiteralType(parsing: deepest)
        #expect(try LiteralType(canonicalBytes: parsed.canonicalBytes()) == parsed)
        expectCairnError(.invalidArgument, field: "type") {
            _ = try LiteralType(parsing: "list<" + deepest + ">")
        }
        expectCairnError(.invalidArgument, field: "type") {
            _ = try LiteralType(canonicalBytes: [0x09] + parsed.canonicalBytes())
        }
    }

    @Test func canonicalBytesArePinned() {
        #expect(LiteralType.int.canonicalBytes() == [0x01])
        #expect(LiteralType.file.canonicalBytes() == [0x08])
        #expect(LiteralType.list(.map(.duration)).canonicalBytes() == [0x09, 0x0A, 0x07])
        let type = LiteralType.structure([.init(name: "b", type: .int), .init(name: "a", type: .string)])
        #expect(type.canonicalBytes() == [0x0B, 0x02, 0x01, 0x61, 0x03, 0x01, 0x62, 0x01])
    }

    @Test(
        arguments: [
            [],
            [0x00],
            [0x0C],
            [0x0D],
            [0x01, 0x01],
            [0x09],
            [0x0B, 0x01],
            [0x0B, 0x02, 0x01, 0x62, 0x01, 0x01, 0x61, 0x01],  // fields out of order
            [0x0B, 0x02, 0x01, 0x61, 0x01, 0x01, 0x61, 0x01],  // field repeated
            [0x0B, 0x01, 0x01, 0x2D, 0x01],  // "-" is not a field-name character
            [0x0B, 0x01, 0x00, 0x01],  // empty name
            [0x0B, 0x80, 0x00],  // non-minimal count
        ] as [[UInt8]])
    func nonCanonicalTypeBytesAreRejected(_ bytes: [UInt8]) {
        expectCairnError(.invalidArgument, field: "type") { _ = try LiteralType(canonicalBytes: bytes) }
    }

    @Test func randomTypesRoundTripThroughTextAndBytes() throws {
        var generator = LiteralGenerator(seed: 0x7E7E)
        generator.maximumDepth = 6
        for _ in 0..<500 {
            let type = generator.type()
            #expect(try LiteralType(parsing: type.description) == type, "\(type)")
            #expect(try LiteralType(canonicalBytes: type.canonicalBytes()) == type, "\(type)")
        }
    }
}
