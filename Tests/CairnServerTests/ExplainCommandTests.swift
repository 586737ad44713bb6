import CairnCore
import CairnProtocol
import Foundation
import Testing

/// `CACHE.EXPLAIN` over raw RESP, as any client sends it: the inputs recorded by `CACHE.PUT … INPUT`,
/// the answer as a map in RESP3 and a flat array in RESP2, and argument errors as `-ERR` replies.
@Suite struct ExplainCommandTests {
    static let one = SHA256Digest.of([1]).hex
    static let two = SHA256Digest.of([2]).hex
    static let three = SHA256Digest.of([3]).hex

    @Test func explainNamesTheChangedInputOfTheNearestPutInBothDialects() async throws {
        try await withServer { port in
            try await ReplyClient.with(port: port) { client in
                let put = try await client.send(
                    "CACHE.PUT", "p/d/task-a/1-0123456789abcdef", "k1", "INPUT", "a", Self.one, "1", "INPUT", "b",
                    Self.two, "", "META", "cairn.node", "n1", "DATA", "o", "v")
                let id = try put.array("put")[0].string("id")
                for dialect in ["3", "2"] {
                    _ = try await client.send("HELLO", dialect)
                    let reply = try await client.send(
                        "CACHE.EXPLAIN", "p/d/task-a/1-0123456789abcdef", "k2", "a=\(Self.three)", "b=\(Self.two)")
                    if dialect == "3" {
                        guard case .map = reply else { throw CommandError("RESP3 reply is not a map: \(reply)") }
                    }
                    let record = try reply.record("explain")
                    #expect(try record["cause"]?.string("cause") == "differs")
                    #expect(try record["input_count"]?.integer("input_count") == 2)
                    let nearest = try #require(try record["nearest"]?.record("nearest"))
                    #expect(try nearest["artifact"]?.string("artifact") == id)
                    #expect(try nearest["shared_inputs"]?.integer("shared") == 1)
                    #expect(try nearest["metadata"]?.stringMap("metadata") == ["cairn.node": "n1"])
                    let differences = try #require(try record["differences"]?.array("differences"))
                    #expect(differences.count == 1)
                    let difference = try differences[0].record("difference")
                    #expect(try difference["kind"]?.string("kind") == "input_changed")
                    #expect(try difference["name"]?.string("name") == "a")
                    #expect(try difference["old"]?.string("old") == Self.one)
                    #expect(try difference["new"]?.string("new") == Self.three)
                    #expect(try difference["old_preview"]?.string("old_preview") == "1")
                    #expect(difference["new_preview"] == .null)
                    #expect(try record["summary"]?.string("summary").contains("input a changed: 1 → ") == true)
                }
                let never = try await client.send("CACHE.EXPLAIN", "p/d/task-b/1-0123456789abcdef", "k1")
                #expect(try never.record("never").values.contains(.bulk("never_seen")))
                _ = try await client.send("CACHE.EVICT", "p/d/task-a/1-0123456789abcdef", "k1")
                let evicted = try await client.send(
                    "CACHE.EXPLAIN", "p/d/task-a/1-0123456789abcdef", "k1", "a=\(Self.one)", "b=\(Self.two)")
                let removed = try evicted.record("evicted")
                #expect(try removed["cause"]?.string("cause") == "removed")
                #expect(try removed["removed_by"]?.string("removed_by") == "evict")
                #expect(try removed["artifact"]?.string("artifact") == id)
            }
        }
    }

    @Test func badInputsAreErrorsNamingTheArgument() async throws {
        try await withServer { port in
            try await ReplyClient.with(port: port) { client in
                let cases: [([String], String)] = [
                    (["a"], "is not name=sha256"),
                    (["a=zz"], "input a"),
                    (["a=\(Self.one)", "a=\(Self.two)"], "given twice"),
                    (["a b=\(Self.one)"], "inputs name"),
                ]
                for (arguments, message) in cases {
                    let reply = try await client.send(["CACHE.EXPLAIN", "p/d/t/v", "k"] + arguments)
                    guard case .error(let text) = reply else {
                        Issue.record("\(arguments) was answered \(reply)")
                        continue
                    }
                    #expect(text.contains(message), "\(arguments): \(text)")
                }
                let put = try await client.send("CACHE.PUT", "p/d/t/v", "k", "INPUT", "a", "00", "", "DATA", "o", "v")
                guard case .error = put else { throw CommandError("a bad INPUT digest was accepted: \(put)") }
            }
        }
    }
}
