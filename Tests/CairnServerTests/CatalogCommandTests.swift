import CairnProtocol
import Foundation
import Testing

/// An array of bulk strings.
func bulks(_ words: [String]) -> RESPValue { .array(words.map(RESPValue.bulk)) }

/// Now, in Unix milliseconds.
func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

/// The integer `field` of a record reply.
func integer(_ reply: RESPValue, _ field: String) throws -> Int64 {
    guard case .integer(let value) = try #require(reply.record?.fields[field], "no \(field) in \(reply)") else {
        throw ReplyClient.ReplyError("\(field) is not an integer in \(reply)")
    }
    return value
}

@Suite struct CatalogCommandTests {
    func datasetRecord(_ id: String, metadata: [String], keys: [String], created: Int64) -> RESPValue {
        .array([
            .bulk("id"), .bulk(id), .bulk("metadata"), bulks(metadata), .bulk("partition_keys"), bulks(keys),
            .bulk("created"), .integer(created),
        ])
    }

    @Test func datasetCreateIsIdempotentAndConflictsWhenDifferent() async throws {
        try await withServer { port in
            try await ReplyClient.with(port: port) { client in
                let create = [
                    "DATASET.CREATE", "p/d/n/v", "META", "owner", "me", "PARTITION", "region", "PARTITION", "day",
                ]
                let first = try await client.send(create)
                #expect(first == bulks(["p/d/n/v", "created"]))
                #expect(try await client.send(create) == bulks(["p/d/n/v", "exists"]))
                #expect(
                    try await client.send("DATASET.CREATE", "p/d/n/v", "PARTITION", "day")
                        == .error(
                            "CONFLICT dataset p/d/n/v exists with different metadata or partition keys "
                                + "(stored keys: day,region)"))
                #expect(
                    try await client.send("DATASET.CREATE", "p/d/n/v", "PARTITION", "day", "PARTITION", "day")
                        == .error("ERR partition keys: lists a key twice"))
            }
        }
    }

    @Test func datasetGetReturnsTheRecordOrNotFound() async throws {
        try await withServer { port in
            try await ReplyClient.with(port: port) { client in
                let before = nowMilliseconds()
                _ = try await client.send(
                    "DATASET.CREATE", "p/d/n/v", "META", "owner", "me", "META", "a", "1", "PARTITION", "day")
                let reply = try await client.send("DATASET.GET", "p/d/n/v")
                let created = try integer(reply, "created")
                #expect(created >= before - 1000 && created <= nowMilliseconds() + 1000)
                #expect(
                    reply
                        == datasetRecord(
                            "p/d/n/v", metadata: ["a", "1", "owner", "me"], keys: ["day"], created: created))
                #expect(
                    try await client.send("DATASET.GET", "p/d/n/x") == .error("NOTFOUND dataset p/d/n/x does not exist")
                )
            }
        }
    }

    @Test func datasetListPagesThroughEveryMatchOnceInKeyOrder() async throws {
        try await withServer { port in
            try await ReplyClient.with(port: port) { client in
                var expected: [String] = []
                for index in 0..<11 {
                    let name = "proj/dev/task-\(String(format: "%02d", index))/v1"
                    if index % 3 != 0 { expected.append(name) }
                    _ = try await client.send("DATASET.CREATE", index % 3 == 0 ? "other/dev/x\(index)/v1" : name)
                }
                _ = try await client.send("DATASET.CREATE", "proj/prod/task-01/v1")
                _ = try await client.send("DATASET.CREATE", "proj/dev/job-01/v1")
                expected.append(contentsOf: ["proj/dev/task-01/v2", "proj/dev/task-01/v3"])
                _ = try await client.send("DATASET.CREATE", "proj/dev/task-01/v3")
                _ = try await client.send("DATASET.CREATE", "proj/dev/task-01/v2")
                expected.sort()
                var listed: [String] = []
                var cursor: String?
                var pages = 0
                repeat {
                    var request = ["DATASET.LIST", "PROJECT", "proj", "DOMAIN", "dev", "PREFIX", "task-", "LIMIT", "3"]
                    if let cursor { request += ["CURSOR", cursor] }
                    let page = try #require(try await client.send(request).elements)
                    #expect(page.count == 2)
                    let records = try #require(page[1].elements)
                    #expect(records.count <= 3)
                    listed += records.compactMap { $0.record?.fields["id"]?.text }
                    cursor = page[0].text
                    pages += 1
                } while cursor != nil && pages < 10
                #expect(listed == expected)
                #expect(pages == (expected.count + 2) / 3)
                let all = try #require(try await client.send("DATASET.LIST").elements)
                #expect(all[0] == .null)
                #expect(all[1].elements?.count == 15)
                #expect(
                    try await client.send("DATASET.LIST", "CURSOR", "nonsense")
                        == .error("ERR cursor: is not a cursor this listing returned"))
            }
        }
    }

    @Test func tagAddReportsEachOutcome() async throws {
        try await withServer { port in
            try await ReplyClient.with(port: port) { client in
                _ = try await client.send("DATASET.CREATE", "p/d/n/v")
                _ = try await client.send("DATASET.CREATE", "p/d/n/w")
                let first = try #require(
                    try await client.send("ARTIFACT.CREATE", "p/d/n/v", "DATA", "o0", "a").record?.fields["id"]?.text)
                let second = try #require(
                    try await client.send("ARTIFACT.CREATE", "p/d/n/v", "DATA", "o0", "b").record?.fields["id"]?.text)
                #expect(try await client.send("TAG.ADD", "p/d/n/v", "t1", first) == bulks(["created", first]))
                #expect(try await client.send("TAG.ADD", "p/d/n/v", "t1", first) == bulks(["unchanged", first]))
                #expect(try await client.send("TAG.ADD", "p/d/n/v", "t1", second) == bulks(["kept", first]))
                #expect(try await client.send("ARTIFACT.GET", "p/d/n/v", "t1").record?.fields["id"]?.text == first)
                #expect(
                    try await client.send("TAG.ADD", "p/d/n/v", "t1", second, "OVERWRITE") == bulks(["moved", first]))
                #expect(try await client.send("ARTIFACT.GET", "p/d/n/v", "t1").record?.fields["id"]?.text == second)
                let missing = "0b8a3f4e-5c1d-4e2f-9a3b-7c6d5e4f3a2b"
                #expect(
                    try await client.send("TAG.ADD", "p/d/n/v", "t2", missing)
                        == .error("NOTFOUND artifact \(missing) does not exist"))
                #expect(
                    try await client.send("TAG.ADD", "p/d/n/x", "t2", first)
                        == .error("NOTFOUND dataset p/d/n/x does not exist"))
                #expect(
                    try await client.send("TAG.ADD", "p/d/n/w", "t2", first)
                        == .error("ERR artifact \(first) belongs to another dataset"))
            }
        }
    }

    @Test func commandInfoShowsEachCatalogCommandsRoleFlagsAndKeys() async throws {
        try await withServer { port in
            try await ReplyClient.with(port: port) { client in
                func info(_ name: String, _ arity: Int64, _ flags: [String], _ keys: (Int64, Int64), _ role: String)
                    -> RESPValue
                {
                    .array([
                        .bulk(name), .integer(arity), .array(flags.map(RESPValue.simpleString)), .integer(keys.0),
                        .integer(keys.1), .integer(keys.0 == 0 ? 0 : 1), .array([.simpleString(role)]),
                    ])
                }
                let reply = try await client.send(
                    "COMMAND", "INFO", "dataset.create", "DATASET.GET", "dataset.list", "artifact.create",
                    "artifact.get", "artifact.list", "artifact.update", "artifact.delete", "tag.add")
                #expect(
                    reply
                        == .array([
                            info("dataset.create", -2, ["write"], (1, 1), "@writer"),
                            info("dataset.get", 2, ["readonly", "fast"], (1, 1), "@reader"),
                            info("dataset.list", -1, ["readonly"], (0, 0), "@reader"),
                            info("artifact.create", -5, ["write"], (1, 1), "@writer"),
                            info("artifact.get", -2, ["readonly", "fast"], (1, -1), "@reader"),
                            info("artifact.list", -2, ["readonly"], (1, 1), "@reader"),
                            info("artifact.update", -5, ["write"], (1, 1), "@writer"),
                            info("artifact.delete", 2, ["write", "fast"], (1, 1), "@writer"),
                            info("tag.add", -4, ["write", "fast"], (1, 2), "@writer"),
                        ]))
                #expect(
                    try await client.send("DATASET.GET")
                        == .error("ERR wrong number of arguments for 'dataset.get' command"))
            }
        }
    }

    @Test func recordsAreMapsInRESP3() async throws {
        try await withServer { port in
            try await ReplyClient.with(port: port) { client in
                _ = try await client.send("HELLO", "3")
                _ = try await client.send("DATASET.CREATE", "p/d/n/v")
                guard case .map(let fields) = try await client.send("DATASET.GET", "p/d/n/v") else {
                    Issue.record("DATASET.GET is not a map in RESP3")
                    return
                }
                #expect(fields.map { $0.key.text } == ["id", "metadata", "partition_keys", "created"])
                #expect(try await client.send("DATASET.LIST", "PROJECT", "none") == .array([.null, .array([])]))
            }
        }
    }
}
