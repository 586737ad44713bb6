import CairnCore
import CairnProtocol
import Foundation
import Testing

@Suite struct ArtifactCommandTests {
    let sha = String(repeating: "ab", count: 32)
    let id = "0b8a3f4e-5c1d-4e2f-9a3b-7c6d5e4f3a2b"

    /// The record every field of which is known, given the times the server chose.
    func expectedRecord(
        data: [RESPValue], blobs: [RESPValue], metadata: [String], tags: [String], times: [String: RESPValue],
        size: Int64, checksum: String
    ) -> RESPValue {
        .array([
            .bulk("id"), .bulk(id), .bulk("dataset"), .bulk("p/d/n/v"), .bulk("data"), .array(data),
            .bulk("blobs"), .array(blobs), .bulk("metadata"), bulks(metadata), .bulk("partitions"),
            bulks(["day", "mon"]),
            .bulk("tags"), bulks(tags), .bulk("created"), times["created"]!, .bulk("updated"), times["updated"]!,
            .bulk("expires"), times["expires"]!, .bulk("last_hit"), .null, .bulk("hits"), .integer(0),
            .bulk("size"), .integer(size), .bulk("checksum"), .bulk(checksum),
        ])
    }

    func checksum(_ items: [(String, String)]) throws -> String {
        try ArtifactContent.checksum(of: items.map { try DataItem.inline($0.0, Array($0.1.utf8)) }).hex
    }

    @Test func createThenGetByIDAndByTagReturnTheWholeRecord() async throws {
        try await withServer { port in
            try await ReplyClient.with(port: port) { client in
                _ = try await client.send("DATASET.CREATE", "p/d/n/v", "PARTITION", "day")
                let before = nowMilliseconds()
                let created = try await client.send(
                    "ARTIFACT.CREATE", "p/d/n/v", "ID", id, "TTL", "3600", "META", "m", "1", "PARTITION", "day", "mon",
                    "TAG", "t2", "TAG", "t1", "BLOB", "file:///x", "5", sha, "DATA", "o1", "world", "o0", "hello")
                let createdAt = try integer(created, "created")
                #expect(createdAt >= before - 1000 && createdAt <= nowMilliseconds() + 1000)
                let expires = try integer(created, "expires")
                #expect(abs(expires - createdAt - 3_600_000) < 1000)
                let record = expectedRecord(
                    data: ["o0", "hello", "o1", "world"].map(RESPValue.bulk),
                    blobs: [.array([.bulk("file:///x"), .integer(5), .bulk(sha)])], metadata: ["m", "1"],
                    tags: ["t1", "t2"],
                    times: ["created": .integer(createdAt), "updated": .null, "expires": .integer(expires)],
                    size: 15, checksum: try checksum([("o0", "hello"), ("o1", "world")]))
                #expect(created == record)
                let byID = try await client.send("ARTIFACT.GET", id)
                #expect(abs(try integer(byID, "expires") - expires) < 1000)
                let stored = expectedRecord(
                    data: ["o0", "hello", "o1", "world"].map(RESPValue.bulk),
                    blobs: [.array([.bulk("file:///x"), .integer(5), .bulk(sha)])], metadata: ["m", "1"],
                    tags: ["t1", "t2"],
                    times: [
                        "created": .integer(createdAt), "updated": .null,
                        "expires": .integer(try integer(byID, "expires")),
                    ],
                    size: 15, checksum: try checksum([("o0", "hello"), ("o1", "world")]))
                #expect(byID == stored)
                #expect(try await client.send("ARTIFACT.GET", "p/d/n/v", "t1") == stored)
                #expect(
                    try await client.send("ARTIFACT.GET", "p/d/n/v", "zz")
                        == .error("NOTFOUND tag zz of dataset p/d/n/v does not exist"))
                let other = "0b8a3f4e-5c1d-4e2f-9a3b-000000000000"
                #expect(
                    try await client.send("ARTIFACT.GET", other) == .error("NOTFOUND artifact \(other) does not exist"))
            }
        }
    }

    @Test func createFailuresComeBackWithTheirPrefix() async throws {
        try await withServer { port in
            try await ReplyClient.with(port: port) { client in
                _ = try await client.send("DATASET.CREATE", "p/d/n/v", "PARTITION", "day")
                let first = try await client.send(
                    "ARTIFACT.CREATE", "p/d/n/v", "PARTITION", "day", "mon", "TAG", "t1", "DATA", "o0", "x")
                #expect(first.record?.fields["tags"] == bulks(["t1"]))
                #expect(
                    try await client.send(
                        "ARTIFACT.CREATE", "p/d/n/v", "PARTITION", "day", "tue", "TAG", "t1", "DATA", "o0", "y")
                        == .error("EXISTS tag t1 exists already in dataset p/d/n/v"))
                #expect(
                    try await client.send("ARTIFACT.CREATE", "p/d/n/x", "DATA", "o0", "y")
                        == .error("NOTFOUND dataset p/d/n/x does not exist"))
                #expect(
                    try await client.send("ARTIFACT.CREATE", "p/d/n/v", "DATA", "o0", "y")
                        == .error("ERR partitions: keys {} do not match the dataset's partition keys {day}"))
            }
        }
    }

    @Test func listFiltersPagesAndLeavesValuesOutUnlessAsked() async throws {
        try await withServer { port in
            try await ReplyClient.with(port: port) { client in
                _ = try await client.send("DATASET.CREATE", "p/d/n/v", "PARTITION", "day")
                var ids: [String] = []
                var created: [Int64] = []
                for index in 0..<7 {
                    let day = index % 2 == 0 ? "mon" : "tue"
                    let reply = try await client.send(
                        "ARTIFACT.CREATE", "p/d/n/v", "PARTITION", "day", day, "TAG", "t\(index)", "DATA", "o0",
                        "value-\(index)")
                    ids.append(try #require(reply.record?.fields["id"]?.text))
                    created.append(try integer(reply, "created"))
                    try await Task.sleep(for: .milliseconds(5))
                }
                var listed: [String] = []
                var cursor: String?
                var pages = 0
                repeat {
                    var request = ["ARTIFACT.LIST", "p/d/n/v", "PARTITION", "day", "mon", "LIMIT", "2"]
                    if let cursor { request += ["CURSOR", cursor] }
                    let page = try #require(try await client.send(request).elements)
                    let records = try #require(page[1].elements)
                    #expect(records.count <= 2)
                    for record in records {
                        listed.append(try #require(record.record?.fields["id"]?.text))
                        #expect(record.record?.fields["data"] == .array([.bulk("o0"), .integer(7)]))
                    }
                    cursor = page[0].text
                    pages += 1
                } while cursor != nil && pages < 10
                #expect(listed == [ids[0], ids[2], ids[4], ids[6]])
                #expect(pages == 2)
                let tagged = try await client.send("ARTIFACT.LIST", "p/d/n/v", "TAG", "t3", "VALUES")
                #expect(tagged.elements?[0] == .null)
                #expect(tagged.elements?[1].elements?.count == 1)
                #expect(tagged.elements?[1].elements?[0].record?.fields["data"] == bulks(["o0", "value-3"]))
                let window = try await client.send(
                    "ARTIFACT.LIST", "p/d/n/v", "CREATED-FROM", "\(created[2] - 1)", "CREATED-BEFORE",
                    "\(created[4] - 1)")
                #expect(window.elements?[1].elements?.compactMap { $0.record?.fields["id"]?.text } == [ids[2], ids[3]])
                #expect(
                    try await client.send("ARTIFACT.LIST", "p/d/n/x")
                        == .error("NOTFOUND dataset p/d/n/x does not exist"))
                #expect(
                    try await client.send("ARTIFACT.LIST", "p/d/n/v", "CURSOR", "bm9wZQ")
                        == .error("ERR cursor: is not a cursor this listing returned"))
            }
        }
    }

    @Test func updateReplacesContentAndKeepsIdentityAndDeleteRemovesIt() async throws {
        try await withServer { port in
            try await ReplyClient.with(port: port) { client in
                _ = try await client.send("DATASET.CREATE", "p/d/n/v", "PARTITION", "day")
                _ = try await client.send(
                    "ARTIFACT.CREATE", "p/d/n/v", "ID", id, "TTL", "60", "META", "m", "1", "META", "n", "2",
                    "PARTITION",
                    "day", "mon", "TAG", "t1", "BLOB", "file:///x", "5", sha, "DATA", "o0", "old", "o1", "gone")
                let original = try await client.send("ARTIFACT.GET", id)
                let updated = try await client.send(
                    "ARTIFACT.UPDATE", "p/d/n/v", "t1", "PERSIST", "META", "m", "3", "DATA", "o0", "new!")
                let updatedAt = try integer(updated, "updated")
                #expect(updatedAt >= (try integer(original, "created")))
                let times: [String: RESPValue] = [
                    "created": original.record!.fields["created"]!, "updated": .integer(updatedAt), "expires": .null,
                ]
                #expect(
                    updated
                        == expectedRecord(
                            data: [.bulk("o0"), .bulk("new!")], blobs: [], metadata: ["m", "3"], tags: ["t1"],
                            times: times, size: 4, checksum: try checksum([("o0", "new!")])))
                let again = try await client.send("ARTIFACT.UPDATE", id, "TTL", "120", "DATA", "o0", "newer")
                #expect(abs(try integer(again, "expires") - nowMilliseconds() - 120_000) < 5000)
                #expect(again.record?.fields["metadata"] == .array([]))
                #expect(again.record?.fields["data"] == bulks(["o0", "newer"]))
                let kept = try await client.send("ARTIFACT.UPDATE", id, "DATA", "o0", "newest")
                #expect(kept.record?.fields["expires"] == again.record?.fields["expires"])
                let missing = "0b8a3f4e-5c1d-4e2f-9a3b-000000000000"
                #expect(
                    try await client.send("ARTIFACT.UPDATE", missing, "DATA", "o0", "x")
                        == .error("NOTFOUND artifact \(missing) does not exist"))
                #expect(try await client.send("ARTIFACT.DELETE", id) == .integer(1))
                #expect(try await client.send("ARTIFACT.DELETE", id) == .integer(0))
                #expect(
                    try await client.send("ARTIFACT.GET", "p/d/n/v", "t1")
                        == .error("NOTFOUND tag t1 of dataset p/d/n/v does not exist"))
            }
        }
    }
}
