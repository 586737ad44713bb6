import CairnCore
import Foundation
import Testing

@Suite struct LiteralJSONCompositeTests {
    static let hex = String(repeating: "ab", count: 32)
    static let digest = try! SHA256Digest(hex: hex)

    @Test func structErrorsNameTheDeepestPath() {
        let type = try! LiteralType(parsing: "struct{counts: list<struct{name: string}>}")
        let text = "{\"counts\": [{\"name\": \"a\"}, {\"name\": \"b\"}, {\"name\": \"c\"}, {\"name\": 4}]}"
        let error = expectCairnError(.invalidArgument, field: "outputs.counts[3].name") {
            _ = try Literal(jsonText: text, as: type, path: "outputs")
        }
        #expect(error?.message == "outputs.counts[3].name: expected string, got number 4")
    }

    @Test func structsNeedExactlyTheirFields() throws {
        let type = LiteralType.structure(fields: ["a": .int, "b": .string])
        #expect(
            try Literal(jsonText: "{\"b\": \"x\", \"a\": 1}", as: type)
                == .structure(["a": .int(1), "b": .string("x")]))
        let missing = expectCairnError(.invalidArgument, field: "value.b") {
            _ = try Literal(jsonText: "{\"a\": 1}", as: type)
        }
        #expect(missing?.message == "value.b: missing; expected string")
        let extra = expectCairnError(.invalidArgument, field: "value") {
            _ = try Literal(jsonText: "{\"a\": 1, \"b\": \"x\", \"c\": null}", as: type)
        }
        #expect(extra?.message == "value: has the field \"c\", which struct{a: int, b: string} does not")
    }

    @Test func mapsTakeAnyKeysAndNameTheFailingOne() throws {
        #expect(
            try Literal(jsonText: "{\"e\\u0301\": 1, \"\": 2}", as: .map(.int)) == .map(["é": .int(1), "": .int(2)]))
        let error = expectCairnError(.invalidArgument, field: "value[\"k\\\"\"]") {
            _ = try Literal(jsonText: "{\"k\\\"\": \"x\"}", as: .map(.int))
        }
        #expect(error?.message == "value[\"k\\\"\"]: expected int, got string \"x\"")
        expectCairnError(.invalidArgument, field: "value[2]") {
            _ = try Literal(jsonText: "[1, 2, true]", as: .list(.int))
        }
        expectCairnError(.invalidArgument, field: "value") { _ = try Literal(jsonText: "[1]", as: .map(.int)) }
    }

    @Test func yamlShapedValuesAreRead() throws {
        let type = try LiteralType(parsing: "struct{a: list<int>, b: map<float>, c: datetime, d: bool}")
        let value: [String: Any] = [
            "a": [1, 2], "b": ["x": 1, "y": 2.5], "c": Date(timeIntervalSince1970: 0), "d": false,
        ]
        let expected = Literal.structure([
            "a": .list([.int(1), .int(2)]), "b": .map(["x": .float(1), "y": .float(2.5)]),
            "c": .datetime(nanoseconds: 0), "d": .bool(false),
        ])
        #expect(try Literal(jsonValue: value, as: type) == expected)
        expectCairnError(.invalidArgument, field: "value.d") {
            _ = try Literal(jsonValue: ["a": [], "b": [:], "c": Date(), "d": NSNull()] as [String: Any], as: type)
        }
    }

    @Test func filesAreObjectsOrPathsTheClosureHashes() throws {
        let file = Literal.file(FileLiteral(uri: "/x", size: 3, sha256: Self.digest))
        #expect(
            try Literal(jsonText: "{\"path\": \"/x\", \"size\": 3, \"sha256\": \"\(Self.hex)\"}", as: .file) == file)
        #expect(try Literal(jsonText: "{\"uri\": \"/x\", \"size\": 3, \"sha256\": \"\(Self.hex)\"}", as: .file) == file)
        #expect(
            try Literal(jsonText: "\"/x\"", as: .file) { FileLiteral(uri: $0, size: 3, sha256: Self.digest) } == file)
        let unhashable = expectCairnError(.invalidArgument, field: "value") {
            _ = try Literal(jsonText: "\"/x\"", as: .file)
        }
        #expect(unhashable?.message.contains("cannot be hashed here") == true)
        let failing = expectCairnError(.notFound, field: nil) {
            _ = try Literal(jsonText: "\"/x\"", as: .file) { _ in throw CairnError(.notFound, "no such file") }
        }
        #expect(failing?.message == "no such file")
    }

    @Test(arguments: [
        ("{\"path\": \"/x\", \"uri\": \"/x\", \"size\": 3, \"sha256\": \"\(hex)\"}", "value"),
        ("{\"size\": 3, \"sha256\": \"\(hex)\"}", "value"),
        ("{\"path\": \"/x\", \"sha256\": \"\(hex)\"}", "value.size"),
        ("{\"path\": \"/x\", \"size\": -1, \"sha256\": \"\(hex)\"}", "value.size"),
        ("{\"path\": \"/x\", \"size\": true, \"sha256\": \"\(hex)\"}", "value.size"),
        ("{\"path\": \"/x\", \"size\": 3, \"sha256\": \"abc\"}", "value.sha256"),
        ("{\"path\": 5, \"size\": 3, \"sha256\": \"\(hex)\"}", "value.path"),
        ("{\"path\": \"/x\", \"size\": 3, \"sha256\": \"\(hex)\", \"mode\": 1}", "value"),
        ("[]", "value"),
    ])
    func malformedFilesAreRejected(_ text: String, _ field: String) {
        expectCairnError(.invalidArgument, field: field) { _ = try Literal(jsonText: text, as: .file) }
    }

    @Test func offloadedValuesRoundTripWhenTheTypeMatches() throws {
        let type = LiteralType.structure(fields: ["b": .int, "a": .list(.string)])
        let reference = OffloadedLiteral(uri: "s3://b/k", size: 10, sha256: Self.digest, type: type)
        let text = Literal.offloaded(reference).jsonText()
        #expect(
            try Literal(jsonText: text, as: .structure(fields: ["a": .list(.string), "b": .int]))
                == .offloaded(reference))
        // Inside a list, too.
        #expect(try Literal(jsonText: "[\(text)]", as: .list(type)) == .list([.offloaded(reference)]))
        let error = expectCairnError(.invalidArgument, field: "value") {
            _ = try Literal(jsonText: text, as: .map(.int))
        }
        #expect(error?.message == "value: expected map<int>, got offloaded struct{a: list<string>, b: int}")
        expectCairnError(.invalidArgument, field: "value.$offloaded.size") {
            _ = try Literal(
                jsonText: "{\"$offloaded\": {\"uri\": \"u\", \"sha256\": \"\(Self.hex)\", \"type\": \"int\"}}", as: .int
            )
        }
        expectCairnError(.invalidArgument, field: "type") {
            _ = try Literal(
                jsonText:
                    "{\"$offloaded\": {\"uri\": \"u\", \"size\": 1, \"sha256\": \"\(Self.hex)\", \"type\": \"integer\"}}",
                as: .int)
        }
    }

    @Test func invalidJSONIsReportedWithThePath() {
        let error = expectCairnError(.invalidArgument, field: "inputs.x") {
            _ = try Literal(jsonText: "[1,", as: .list(.int), path: "inputs.x")
        }
        #expect(error?.message.hasPrefix("inputs.x: is not valid JSON") == true)
    }
}
