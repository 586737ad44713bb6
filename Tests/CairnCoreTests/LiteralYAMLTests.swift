import CairnCore
import Foundation
import Testing
import Yams

/// Values as Yams.load(yaml:) gives them: Swift Bool, Int, Double, String, Date, Data, NSNull,
/// [Any] and [AnyHashable: Any], which bridge differently from JSONSerialization's NSNumbers.
@Suite struct LiteralYAMLTests {
    static let document = """
        flag: true
        count: 1
        zero: 0
        ratio: 1.5
        whole: 2.0
        huge: 1e300
        notANumber: .nan
        when: 2026-11-21T12:00:00.5+02:00
        quotedWhen: "2026-11-21T10:00:00.123456789Z"
        name: x
        items: [1, 2, 3]
        nothing: null
        blob: !!binary Zm9v
        wait: 1h30m
        seconds: 0.25
        nested: {a: [{b: 1}, {b: x}]}
        """

    func value(_ key: String) throws -> Any {
        let mapping = try #require(try Yams.load(yaml: Self.document) as? [AnyHashable: Any])
        return try #require(mapping[key])
    }

    @Test func booleansAndNumbersAreKeptApart() throws {
        #expect(try Literal(jsonValue: value("flag"), as: .bool) == .bool(true))
        expectCairnError(.invalidArgument, field: "value") { _ = try Literal(jsonValue: value("flag"), as: .int) }
        expectCairnError(.invalidArgument, field: "value") { _ = try Literal(jsonValue: value("flag"), as: .float) }
        expectCairnError(.invalidArgument, field: "value") { _ = try Literal(jsonValue: value("count"), as: .bool) }
        expectCairnError(.invalidArgument, field: "value") { _ = try Literal(jsonValue: value("zero"), as: .bool) }
        expectCairnError(.invalidArgument, field: "value") { _ = try Literal(jsonValue: value("whole"), as: .bool) }
        expectCairnError(.invalidArgument, field: "value") { _ = try Literal(jsonValue: value("ratio"), as: .int) }
        expectCairnError(.invalidArgument, field: "value") { _ = try Literal(jsonValue: value("huge"), as: .int) }
        #expect(try Literal(jsonValue: value("count"), as: .int) == .int(1))
        #expect(try Literal(jsonValue: value("count"), as: .float) == .float(1))
        #expect(try Literal(jsonValue: value("whole"), as: .int) == .int(2))
        #expect(try Literal(jsonValue: value("ratio"), as: .float) == .float(1.5))
        let nan = try Literal(jsonValue: value("notANumber"), as: .float)
        #expect(nan.canonicalBytes() == Literal.float(.nan).canonicalBytes())
    }

    @Test func timestampsDatesDurationsAndBinaryAreRead() throws {
        #expect(
            try Literal(jsonValue: value("when"), as: .datetime) == .datetime(nanoseconds: 1_795_255_200_500_000_000))
        #expect(
            try Literal(jsonValue: value("quotedWhen"), as: .datetime)
                == .datetime(nanoseconds: 1_795_255_200_123_456_789))
        #expect(try Literal(jsonValue: value("wait"), as: .duration) == .duration(nanoseconds: 5_400_000_000_000))
        #expect(try Literal(jsonValue: value("seconds"), as: .duration) == .duration(nanoseconds: 250_000_000))
        #expect(try Literal(jsonValue: value("blob"), as: .bytes) == .bytes(Array("foo".utf8)))
        #expect(try Literal(jsonValue: value("items"), as: .list(.int)) == .list([.int(1), .int(2), .int(3)]))
        let error = expectCairnError(.invalidArgument, field: "value") {
            _ = try Literal(jsonValue: value("nothing"), as: .string)
        }
        #expect(error?.message == "value: expected string, got null")
    }

    @Test func mappingsReadAsStructsAndMapsWithDeepPaths() throws {
        let type = try LiteralType(parsing: "struct{a: list<struct{b: int}>}")
        let error = expectCairnError(.invalidArgument, field: "config.nested.a[1].b") {
            _ = try Literal(jsonValue: value("nested"), as: type, path: "config.nested")
        }
        #expect(error?.message == "config.nested.a[1].b: expected int, got string \"x\"")
        let mapping = try #require(try Yams.load(yaml: "{b: 2, a: 1}"))
        #expect(try Literal(jsonValue: mapping, as: .map(.int)) == .map(["a": .int(1), "b": .int(2)]))
        #expect(
            try Literal(jsonValue: mapping, as: .structure(fields: ["a": .int, "b": .float]))
                == .structure(["a": .int(1), "b": .float(2)]))
    }

    @Test func jsonTextReadsBackThroughYAML() throws {
        // JSON is YAML, so a task's JSON output can be read by a YAML-based workflow file loader too.
        let value = Literal.structure([
            "n": .int(-3), "s": .string("é\n"), "l": .list([.float(0.5), .float(1e-5)]), "d": .datetime(nanoseconds: 0),
        ])
        let type = LiteralType.structure(fields: ["n": .int, "s": .string, "l": .list(.float), "d": .datetime])
        let loaded = try #require(try Yams.load(yaml: value.jsonText()))
        #expect(try Literal(jsonValue: loaded, as: type) == value)
    }
}
