import CairnCore
import Testing

@Suite struct LiteralConformanceTests {
    static let digest = SHA256Digest.of([1])
    static let scalars: [(Literal, LiteralType)] = [
        (.int(1), .int), (.float(1), .float), (.string("1"), .string), (.bool(true), .bool), (.bytes([1]), .bytes),
        (.datetime(nanoseconds: 1), .datetime), (.duration(nanoseconds: 1), .duration),
        (.file(FileLiteral(uri: "f", size: 1, sha256: digest)), .file),
    ]

    @Test func scalarsConformToTheirOwnTypeOnly() {
        for (value, own) in Self.scalars {
            for (_, type) in Self.scalars {
                #expect(value.conforms(to: type) == (type == own), "\(value) as \(type)")
            }
            #expect(!value.conforms(to: .list(own)))
        }
    }

    @Test func emptyCollectionsConformToAnyElementType() {
        #expect(Literal.list([]).conforms(to: .list(.structure(fields: ["a": .int]))))
        #expect(Literal.map([:]).conforms(to: .map(.list(.file))))
        #expect(!Literal.list([]).conforms(to: .map(.int)))
        #expect(!Literal.map([:]).conforms(to: .structure([])) && Literal.structure([:]).conforms(to: .structure([])))
    }

    @Test func structsNeedExactlyTheirFields() {
        let type = LiteralType.structure([.init(name: "b", type: .int), .init(name: "a", type: .string)])
        #expect(Literal.structure(["a": .string("x"), "b": .int(1)]).conforms(to: type))
        #expect(!Literal.structure(["a": .string("x")]).conforms(to: type))
        #expect(!Literal.structure(["a": .string("x"), "b": .int(1), "c": .int(1)]).conforms(to: type))
        #expect(!Literal.structure(["a": .string("x"), "c": .int(1)]).conforms(to: type))
        #expect(!Literal.map(["a": .string("x"), "b": .int(1)]).conforms(to: type))
    }

    @Test func offloadedValuesConformByTheirRecordedType() {
        let type = LiteralType.structure([.init(name: "y", type: .int), .init(name: "x", type: .bool)])
        let value = Literal.offloaded(OffloadedLiteral(uri: "u", size: 1, sha256: Self.digest, type: type))
        #expect(value.conforms(to: type))
        #expect(value.conforms(to: .structure(fields: ["x": .bool, "y": .int])))
        #expect(!value.conforms(to: .structure(fields: ["x": .bool])))
        #expect(Literal.list([value]).conforms(to: .list(type)))
    }

    @Test func checkNamesTheDeepestMismatch() {
        let type = LiteralType.list(.structure(fields: ["name": .int, "tags": .map(.bool)]))
        let good = Literal.structure(["name": .int(1), "tags": .map([:])])
        let cases: [(Literal, String, String)] = [
            (
                .list([good, good, good, .structure(["name": .string("abc"), "tags": .map([:])])]),
                "outputs.counts[3].name", "expected int, got string \"abc\""
            ),
            (
                .list([.structure(["name": .int(1), "tags": .map(["x\"y": .int(2)])])]),
                "outputs.counts[0].tags[\"x\\\"y\"]", "expected bool, got int 2"
            ),
            (.list([.structure(["tags": .map([:])])]), "outputs.counts[0].name", "missing; expected int"),
            (
                .list([.structure(["name": .int(1), "tags": .map([:]), "zz": .bool(true)])]),
                "outputs.counts[0]", "has the field \"zz\", which struct{name: int, tags: map<bool>} does not"
            ),
            (
                .list([.list([])]), "outputs.counts[0]",
                "expected struct{name: int, tags: map<bool>}, got list of 0 values"
            ),
            (.map([:]), "outputs.counts", "expected list<struct{name: int, tags: map<bool>}>, got map of 0 entries"),
            (.float(.nan), "outputs.counts", "expected list<struct{name: int, tags: map<bool>}>, got float nan"),
        ]
        for (value, path, message) in cases {
            let error = expectCairnError(.invalidArgument, field: path) {
                try value.check(against: type, path: "outputs.counts")
            }
            #expect(error?.message == "\(path): \(message)")
        }
        #expect(throws: Never.self) { try Literal.list([good]).check(against: type, path: "outputs.counts") }
    }

    @Test func checkDescribesLongStringsBriefly() {
        let error = expectCairnError(.invalidArgument, field: "x") {
            try Literal.string(String(repeating: "a", count: 1000)).check(against: .int, path: "x")
        }
        #expect((error?.message.count ?? 1000) < 100)
    }
}
