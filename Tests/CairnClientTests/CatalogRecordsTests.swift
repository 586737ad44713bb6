import CairnCore
import CairnProtocol
import Foundation
import Testing

@testable import CairnClient

/// Listing and lookup replies decoded from hand-built values, as RESP2 (flat arrays) and RESP3 (maps) send them.
@Suite struct CatalogRecordsTests {
    static let id = "8e0e1f6c-2d0a-4d3c-9b1e-5b8f3f0c2a11"
    static let sha = String(repeating: "ab", count: 32)

    /// A record in either dialect.
    static func record(_ pairs: [(String, RESPValue)], resp3: Bool) -> RESPValue {
        resp3 ? .map(pairs.map { (key: .bulk($0.0), value: $0.1) }) : .array(pairs.flatMap { [.bulk($0.0), $0.1] })
    }

    @Test(arguments: [false, true]) func datasetPagesDecode(resp3: Bool) throws {
        let reply = RESPValue.array([
            .bulk("cursor-2"),
            .array([
                Self.record(
                    [
                        ("id", .bulk("proj/dev/task-a/v1")),
                        ("metadata", Self.record([("owner", .bulk("ml"))], resp3: resp3)),
                        ("partition_keys", .array([.bulk("region")])), ("created", .integer(1_795_233_672_674)),
                    ], resp3: resp3)
            ]),
        ])
        let page = try CatalogWire.page(from: reply, field: "DATASET.LIST", CatalogWire.dataset)
        #expect(page.nextCursor == "cursor-2")
        let dataset = try #require(page.items.first)
        #expect(dataset.id == (try DatasetID(parsing: "proj/dev/task-a/v1")))
        #expect(dataset.metadata == ["owner": "ml"] && dataset.partitionKeys == ["region"])
        #expect(dataset.createdAt == Date(timeIntervalSince1970: 1_795_233_672.674))
    }

    @Test(arguments: [false, true]) func artifactPagesDecode(resp3: Bool) throws {
        let blob = RESPValue.array([.bulk("s3://b/k"), .integer(2048), .bulk(Self.sha)])
        let reply = RESPValue.array([
            .null,
            .array([
                Self.record(
                    [
                        ("id", .bulk(Self.id)), ("dataset", .bulk("proj/dev/task-a/v1")),
                        ("data", .array([.bulk("o0"), .integer(2), .bulk("model"), blob])), ("blobs", .array([blob])),
                        ("metadata", Self.record([("task", .bulk("a"))], resp3: resp3)),
                        ("partitions", Self.record([("region", .bulk("eu"))], resp3: resp3)),
                        ("tags", .array([.bulk("3f9a"), .bulk("latest")])), ("created", .integer(1000)),
                        ("updated", .null), ("expires", .integer(5000)), ("last_hit", .integer(3000)),
                        ("hits", .integer(4)), ("size", .integer(2050)), ("checksum", .bulk(Self.sha)),
                    ], resp3: resp3)
            ]),
        ])
        let page = try CatalogWire.page(from: reply, field: "ARTIFACT.LIST", CatalogWire.artifact)
        #expect(page.nextCursor == nil)
        let artifact = try #require(page.items.first)
        let reference = try BlobReference(uri: "s3://b/k", size: 2048, sha256: SHA256Digest(hex: Self.sha))
        #expect(artifact.id.description == Self.id)
        #expect(
            artifact.items
                == [
                    try DataItem(name: "model", value: .blob(reference)),
                    try DataItem(name: "o0", value: .omitted(size: 2)),
                ].sorted { $0.name > $1.name })
        #expect(artifact.blobs == [reference] && artifact.tags == ["3f9a", "latest"])
        #expect(artifact.metadata == ["task": "a"] && artifact.partitions == ["region": "eu"])
        #expect(artifact.createdAt == Date(timeIntervalSince1970: 1) && artifact.updatedAt == nil)
        #expect(
            artifact.expiresAt == Date(timeIntervalSince1970: 5) && artifact.lastHitAt == Date(timeIntervalSince1970: 3)
        )
        #expect(artifact.hitCount == 4 && artifact.size == 2050 && artifact.checksum.hex == Self.sha)
    }

    @Test func cacheHitsDecode() throws {
        let reply = RESPValue.array([
            .bulk(Self.id), .array([.bulk("o0"), .bulk("42")]), .array([.bulk("k"), .bulk("v")]), .integer(1000),
            .null, .array([]),
        ])
        let hit = try #require(try ArtifactWire.cacheHit(from: reply))
        #expect(hit.items == [try DataItem.inline("o0", Array("42".utf8))])
        #expect(hit.metadata == ["k": "v"] && hit.expiresAt == nil && hit.blobs.isEmpty)
    }

    @Test func replyShapesThatDoNotFitAreUnexpectedReplies() {
        let bad: [RESPValue] = [
            .integer(1), .array([.bulk(Self.id)]),
            .array([.bulk("not-a-uuid"), .array([]), .array([]), .integer(1), .null, .array([])]),
            .array([.bulk(Self.id), .array([.bulk("o0")]), .array([]), .integer(1), .null, .array([])]),
            .array([.bulk(Self.id), .array([]), .array([]), .bulk("yesterday"), .null, .array([])]),
        ]
        for reply in bad {
            #expect(throws: UnexpectedReply.self, "\(reply)") { try ArtifactWire.cacheHit(from: reply) }
        }
        #expect(throws: UnexpectedReply.self) {
            try CatalogWire.page(
                from: .array([.null, .array([.array([.bulk("id")])])]), field: "x", CatalogWire.dataset)
        }
    }

    @Test func infoTextParsesIntoSections() {
        let info = ServerInfo.parse(
            "# Server\r\nversion:0.1.0\r\nuptime:12\r\n\r\n# Clients\r\nconnected_clients:3\r\n")
        #expect(info == ["server": ["version": "0.1.0", "uptime": "12"], "clients": ["connected_clients": "3"]])
    }
}
