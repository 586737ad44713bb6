import CairnClient
import CairnCore
import CairnProtocol
import Foundation
import NIOCore
import Testing

/// Every command of the table through a live server with the client: the definition writes the
/// request, the server parses it and runs it, the definition writes the reply and the client reads
/// it back, in both dialects. A command without a sample here fails the test, so a new command
/// cannot skip its round trip, and a shape that drifts on either side fails to decode.
@Suite struct DefinitionRoundTripServerTests {
    /// One sample per command name: sends definitions and checks the decoded replies.
    typealias Sample = @Sendable (CairnClient) async throws -> Void

    static let dataset = try! DatasetID(parsing: "proj/dev/round-trip/v1")
    static let partitioned = try! DatasetID(parsing: "proj/dev/round-trip-parts/v1")
    static let tag = try! TagName("t1")
    static let id = try! ArtifactID(parsing: "6f1c9a52-3d41-4c0e-9e2a-5b7f1d8e0a11")
    static let blob = try! BlobReference(
        uri: "s3://bucket/key", size: 12, sha256: SHA256Digest(hex: String(repeating: "ab", count: 32)))

    static let samples: [String: Sample] = [
        Ping.spec.name: { (client: CairnClient) async throws -> Void in
            #expect(String(buffer: try await client.send(Ping())) == "PONG")
            #expect(
                try await client.send(Ping(message: ByteBuffer(bytes: [0, 13, 10]))) == ByteBuffer(bytes: [0, 13, 10]))
        },
        Echo.spec.name: { (client: CairnClient) async throws -> Void in
            #expect(try await client.send(Echo(message: ByteBuffer(string: "hi"))) == ByteBuffer(string: "hi"))
        },
        Quit.spec.name: { (client: CairnClient) async throws -> Void in #expect(try await client.send(Quit()) == OK())
        },
        Select.spec.name: { (client: CairnClient) async throws -> Void in
            #expect(try await client.send(Select(index: 0)) == OK())
        },
        Hello.spec.name: { (client: CairnClient) async throws -> Void in
            #expect(try await client.send(Hello()).server == "cairn")
            let reply = try await client.send(Hello(version: .resp2, name: "round-trip"))
            #expect(reply.server == "cairn" && reply.proto == 2)
        },
        Auth.spec.name: { (client: CairnClient) async throws -> Void in
            // Without passwords AUTH is refused as Redis refuses it: the error is the shape.
            let error = await #expect(throws: CairnClientError.self) { try await client.send(Auth(password: "x")) }
            #expect(error?.code == .serverError)
        },
        ClientCommand.spec.name: { (client: CairnClient) async throws -> Void in
            #expect(try await client.send(ClientCommand(.setName("engine-7"))) == .ok)
            #expect(try await client.send(ClientCommand(.getName)) == .name("engine-7"))
            guard case .id(let id) = try await client.send(ClientCommand(.id)), id > 0 else {
                Issue.record("CLIENT ID is not a positive integer")
                return
            }
            #expect(try await client.send(ClientCommand(.setInfo(.libraryName, "round-trip"))) == .ok)
        },
        CommandQuery.spec.name: { (client: CairnClient) async throws -> Void in
            #expect(try await client.send(CommandQuery(.count)) == .integer(Int64(CommandTable.all.count)))
            let docs = try await client.send(CommandQuery(.docs([CacheGet.spec.name])))
            #expect(try docs.pairs("docs").map { try $0.key.string("name") } == ["cache.get"])
        },
        Info.spec.name: { (client: CairnClient) async throws -> Void in
            #expect(try await client.send(Info(sections: ["server"])).contains("# Server"))
        },
        CacheGet.spec.name: { (client: CairnClient) async throws -> Void in
            #expect(try await client.send(CacheGet(dataset: dataset, tag: try TagName("absent"))) == nil)
            let hit = try #require(try await client.send(CacheGet(dataset: dataset, tag: tag)))
            let item = try DataItem.inline("o0", Array("v1".utf8))
            #expect(hit.items == [item] && hit.metadata == ["k": "v"])
            #expect(hit.blobs == [blob])
        },
        CacheMGet.spec.name: { (client: CairnClient) async throws -> Void in
            let keys = [CacheGet(dataset: dataset, tag: tag), CacheGet(dataset: dataset, tag: try TagName("absent"))]
            let hits = try await client.send(CacheMGet(keys: keys))
            #expect(hits.count == 2 && hits[0] != nil && hits[1] == nil)
        },
        CachePut.spec.name: { (client: CairnClient) async throws -> Void in
            let put = CachePut(
                dataset: dataset, tag: tag, data: [try .inline("o0", Array("v1".utf8))], ttl: .seconds(3600),
                metadata: ["k": "v"], blobs: [blob], sliding: true,
                inputs: [InputDigest(name: "x", digest: .of([1]), preview: "1")])
            let created = try await client.send(put)
            #expect(created.outcome == .created)
            #expect(try await client.send(put) == PutResult(artifactID: created.artifactID, outcome: .exists))
        },
        CacheExplain.spec.name: { (client: CairnClient) async throws -> Void in
            // t1 was put with x = 1: a key of the same dataset with x = 2 finds it and names the input.
            let explanation = try await client.send(
                CacheExplain(
                    dataset: dataset, tag: try TagName("t-x2"), inputs: [InputDigest(name: "x", digest: .of([2]))]))
            #expect(explanation.cause == .differs && explanation.nearest?.sharedInputs == 0)
            #expect(
                explanation.differences.contains {
                    $0.kind == "input_changed" && $0.name == "x" && $0.oldPreview == "1"
                })
        },
        CacheEvict.spec.name: { (client: CairnClient) async throws -> Void in
            #expect(try await client.send(CacheEvict(dataset: dataset, tag: try TagName("absent"))) == false)
        },
        CacheReserve.spec.name: { (client: CairnClient) async throws -> Void in
            let reserve = CacheReserve(dataset: dataset, tag: try TagName("r1"), owner: "engine-1", lease: .seconds(30))
            guard case .acquired(let lease) = try await client.send(reserve) else {
                Issue.record("not acquired")
                return
            }
            #expect(lease.owner == "engine-1" && lease.tag.value == "r1" && lease.fencingToken > 0)
            // The tag already has an artifact: the answer names it instead of a lease.
            guard case .cached = try await client.send(CacheReserve(dataset: dataset, tag: tag, owner: "engine-2"))
            else {
                Issue.record("a cached tag was not answered as cached")
                return
            }
        },
        CacheRelease.spec.name: { (client: CairnClient) async throws -> Void in
            #expect(try await client.send(CacheRelease(dataset: dataset, tag: try TagName("r1"), owner: "engine-1")))
        },
        DatasetCreate.spec.name: { (client: CairnClient) async throws -> Void in
            let create = DatasetCreate(dataset: partitioned, metadata: ["owner": "me"], partitionKeys: ["day"])
            #expect(try await client.send(create) == .init(dataset: partitioned, outcome: .created))
            #expect(try await client.send(create) == .init(dataset: partitioned, outcome: .exists))
        },
        DatasetGet.spec.name: { (client: CairnClient) async throws -> Void in
            let dataset = try await client.send(DatasetGet(dataset: partitioned))
            #expect(
                dataset.id == partitioned && dataset.partitionKeys == ["day"] && dataset.metadata == ["owner": "me"])
        },
        DatasetList.spec.name: { (client: CairnClient) async throws -> Void in
            let page = try await client.send(
                DatasetList(filter: DatasetFilter(project: "proj"), page: PageRequest(limit: 1)))
            #expect(page.items.count == 1 && page.nextCursor != nil)
            let rest = try await client.send(DatasetList(page: PageRequest(limit: 10, cursor: page.nextCursor)))
            #expect(rest.items.count >= 1 && rest.nextCursor == nil)
            let owned = try await client.send(DatasetList(filter: DatasetFilter(metadata: ["owner": "me"])))
            #expect(owned.items.map(\.id) == [partitioned] && owned.nextCursor == nil)
        },
        ArtifactCreate.spec.name: { (client: CairnClient) async throws -> Void in
            let created = try await client.send(
                ArtifactCreate(
                    NewArtifact(
                        id: id, dataset: partitioned, items: [try .inline("o0", [1, 2])], metadata: ["m": "1"],
                        partitions: ["day": "mon"], tags: [tag], ttl: .seconds(60))))
            #expect(created.id == id && created.tags == [tag.value] && created.partitions == ["day": "mon"])
            #expect(created.expiresAt == created.createdAt.addingTimeInterval(60))
        },
        ArtifactGet.spec.name: { (client: CairnClient) async throws -> Void in
            let byID = try await client.send(ArtifactGet(.id(id)))
            let byTag = try await client.send(ArtifactGet(.tag(partitioned, tag)))
            let item = try DataItem.inline("o0", [1, 2])
            #expect(byID == byTag && byID.items == [item])
        },
        ArtifactList.spec.name: { (client: CairnClient) async throws -> Void in
            let page = try await client.send(ArtifactList(dataset: partitioned, filter: ArtifactFilter(tag: tag)))
            let omitted = try DataItem(name: "o0", value: .omitted(size: 2))
            #expect(page.items.map(\.id) == [id] && page.items[0].items == [omitted])
            let byMetadata = try await client.send(
                ArtifactList(dataset: partitioned, filter: ArtifactFilter(metadata: ["m": "1"])))
            #expect(byMetadata.items.map(\.id) == [id])
            let other = try await client.send(
                ArtifactList(dataset: partitioned, filter: ArtifactFilter(metadata: ["m": "2"])))
            #expect(other.items.isEmpty)
        },
        ArtifactUpdate.spec.name: { (client: CairnClient) async throws -> Void in
            let updated = try await client.send(
                ArtifactUpdate(reference: .id(id), data: [try .inline("o0", [3])], expiry: .never))
            let item = try DataItem.inline("o0", [3])
            #expect(updated.items == [item] && updated.expiresAt == nil && updated.updatedAt != nil)
        },
        TagAdd.spec.name: { (client: CairnClient) async throws -> Void in
            #expect(
                try await client.send(TagAdd(dataset: partitioned, tag: try TagName("t2"), artifact: id)) == .created)
            #expect(
                try await client.send(TagAdd(dataset: partitioned, tag: try TagName("t2"), artifact: id)) == .unchanged)
        },
        ArtifactDelete.spec.name: { (client: CairnClient) async throws -> Void in
            #expect(try await client.send(ArtifactDelete(id: id)))
            #expect(try await client.send(ArtifactDelete(id: id)) == false)
        },
        AdminPurge.spec.name: { (client: CairnClient) async throws -> Void in
            var selection = PurgeSelection()
            selection.dataset = dataset
            let summary = try await client.send(AdminPurge(selection: selection, dryRun: true))
            #expect(summary.dryRun && summary.artifacts == 1)
        },
    ]

    /// Samples run in this order (later ones read what earlier ones wrote); the rest after them.
    static let order = [
        CachePut.spec.name, CacheGet.spec.name, DatasetCreate.spec.name, ArtifactCreate.spec.name,
        ArtifactGet.spec.name, ArtifactList.spec.name, ArtifactUpdate.spec.name, TagAdd.spec.name,
        ArtifactDelete.spec.name, CacheReserve.spec.name, CacheRelease.spec.name,
    ]

    @Test(arguments: [RESPVersion.resp2, .resp3])
    func everyCommandRoundTripsThroughAServer(_ version: RESPVersion) async throws {
        let names = CommandTable.all.map(\.name)
        #expect(
            Set(Self.samples.keys) == Set(names),
            "commands without a sample: \(Set(names).subtracting(Self.samples.keys))")
        let ordered = Self.order + names.filter { !Self.order.contains($0) && $0 != Quit.spec.name } + [Quit.spec.name]
        try await withClient({ $0.protocolVersion = version }) { client in
            for name in ordered {
                guard let sample = Self.samples[name] else { continue }
                do {
                    try await sample(client)
                } catch {
                    Issue.record("\(name) in RESP\(version.rawValue): \(error)")
                }
            }
        }
    }
}
