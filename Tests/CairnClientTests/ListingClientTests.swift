import CairnClient
import CairnCore
import CairnProtocol
import CairnStore
import Foundation
import Testing

/// `listDatasets` and `listArtifacts` against a real server: what the client decodes is what the
/// store holds (to the millisecond the protocol carries), page after page.
@Suite struct ListingClientTests {
    /// A server on a fresh store, and a client speaking `version` to it.
    func withStoreAndClient(
        _ version: RESPVersion?, _ body: (CairnStore, CairnClient) async throws -> Void
    ) async throws {
        try await withStore { store in
            try await serving(store) { port in
                var configuration = CairnClient.Configuration(endpoint: .tcp(host: "127.0.0.1", port: port))
                configuration.protocolVersion = version
                let client = CairnClient(configuration: configuration)
                do { try await body(store, client) } catch {
                    await client.close()
                    throw error
                }
                await client.close()
            }
        }
    }

    /// Every page, following cursors; also the number of pages.
    func all<Element>(_ fetch: (PageRequest) async throws -> Page<Element>, limit: Int) async throws
        -> (items: [Element], pages: Int)
    {
        var items: [Element] = []
        var request = PageRequest(limit: limit)
        var pages = 0
        while true {
            let page = try await fetch(request)
            pages += 1
            items += page.items
            guard let cursor = page.nextCursor else { return (items, pages) }
            request.cursor = cursor
        }
    }

    @Test(arguments: [nil, RESPVersion.resp3])
    func datasetsArePagedInOrderAndFiltered(version: RESPVersion?) async throws {
        try await withStoreAndClient(version) { store, client in
            let names = [
                "beta/dev/task-a/v1", "alpha/prod/task-a/v1", "alpha/dev/task-b/v1", "alpha/dev/other/v1",
                "alpha/dev/task-a/v2", "alpha/dev/task-a/v1", "alpha/dev/task-c/v1",
            ]
            for name in names { _ = try await client.send(["DATASET.CREATE", name]) }
            _ = try await client.send([
                "DATASET.CREATE", "alpha/dev/meta/v1", "META", "owner", "ml", "META", "team", "x", "PARTITION", "day",
                "PARTITION", "region",
            ])
            let (datasets, pages) = try await all({ try await client.listDatasets(page: $0) }, limit: 3)
            #expect(datasets.map(\.id.description) == (names + ["alpha/dev/meta/v1"]).sorted())
            #expect(pages == 3)

            let stored = try await store.dataset(try DatasetID(parsing: "alpha/dev/meta/v1"))
            let meta = try #require(datasets.first { $0.id == stored.id })
            #expect(meta.metadata == ["owner": "ml", "team": "x"] && meta.partitionKeys == ["day", "region"])
            #expect(meta.createdAt == Self.milliseconds(stored.createdAt))

            let filter = DatasetFilter(project: "alpha", domain: "dev", namePrefix: "task-")
            let (filtered, _) = try await all({ try await client.listDatasets(filter, page: $0) }, limit: 2)
            #expect(
                filtered.map(\.id.description) == [
                    "alpha/dev/task-a/v1", "alpha/dev/task-a/v2", "alpha/dev/task-b/v1", "alpha/dev/task-c/v1",
                ])
            let none = try await client.listDatasets(DatasetFilter(project: "gamma"))
            #expect(none.items.isEmpty && none.nextCursor == nil)
        }
    }

    @Test(arguments: [nil, RESPVersion.resp3])
    func artifactListingsCarryInlineSizesAndBlobs(version: RESPVersion?) async throws {
        try await withStoreAndClient(version) { store, client in
            let dataset = Fixture.dataset
            let blob = try BlobReference(
                uri: "file:///tmp/model.bin", size: 4096, sha256: SHA256Digest.of(Array("model".utf8)))
            // A blob item can only be written through the store; the client puts inline values.
            let first = try await store.put(
                dataset, Fixture.tag("t0"),
                data: [try DataItem(name: "model", value: .blob(blob)), try .inline("o0", Array("42".utf8))],
                ttl: .seconds(3600), metadata: ["task": "a"])
            var ids = [first.artifactID]
            for index in 1..<7 {
                let put = try await client.put(
                    dataset: dataset, tag: Fixture.tag("t\(index)"),
                    data: Fixture.items(["o0": String(repeating: "x", count: index)]))
                ids.append(put.artifactID)
            }
            let (artifacts, pages) = try await all(
                { try await client.listArtifacts(dataset: dataset, page: $0) }, limit: 3)
            #expect(artifacts.map(\.id) == ids && pages == 3)

            let listed = try #require(artifacts.first)
            #expect(
                listed.items == [
                    try DataItem(name: "model", value: .blob(blob)), try DataItem(name: "o0", value: .omitted(size: 2)),
                ])
            #expect(listed.blobs == [blob] && listed.metadata == ["task": "a"] && listed.tags == ["t0"])
            #expect(listed.size == 4098 && listed.hitCount == 0 && listed.lastHitAt == nil)
            #expect(artifacts[5].items == [try DataItem(name: "o0", value: .omitted(size: 5))])
            #expect(artifacts[5].size == 5 && artifacts[5].expiresAt == nil)

            // Exactly what the store lists, times cut to the protocol's milliseconds.
            let stored = try await store.listArtifacts(dataset, page: PageRequest(limit: 10)).items
            #expect(artifacts == stored.map(Self.milliseconds))

            let tagged = try await client.listArtifacts(dataset: dataset, tag: Fixture.tag("t4"))
            #expect(tagged.items.map(\.id) == [ids[4]] && tagged.nextCursor == nil)
            let missing = await #expect(throws: CairnClientError.self) {
                try await client.listArtifacts(dataset: try DatasetID(parsing: "proj/dev/none/v1"))
            }
            #expect(missing?.prefix == .notFound && missing?.message == "dataset proj/dev/none/v1 does not exist")
        }
    }

    @Test func artifactFiltersSelectByPartitionAndCreationTimeAndCanCarryValues() async throws {
        try await withStoreAndClient(nil) { _, client in
            let dataset = Fixture.dataset
            _ = try await client.send(["DATASET.CREATE", dataset.description, "PARTITION", "day"])
            for index in 0..<8 {
                _ = try await client.send([
                    "ARTIFACT.CREATE", dataset.description, "PARTITION", "day", index % 2 == 0 ? "d1" : "d2", "TAG",
                    "t\(index)", "DATA", "o0", "v\(index)",
                ])
            }
            let all = try await client.listArtifacts(dataset: dataset, filter: ArtifactFilter(includeValues: true))
            let values = try (0..<8).map { [try DataItem.inline("o0", Array("v\($0)".utf8))] }
            #expect(all.items.map(\.items) == values)

            let d1 = try await client.listArtifacts(dataset: dataset, filter: ArtifactFilter(partitions: ["day": "d1"]))
            #expect(d1.items.map(\.tags) == [["t0"], ["t2"], ["t4"], ["t6"]])
            let omitted = [try DataItem(name: "o0", value: .omitted(size: 2))]
            #expect(d1.items.allSatisfy { $0.items == omitted && $0.partitions == ["day": "d1"] })

            // A listed creation time splits the listing exactly: from it includes the artifact,
            // before it leaves it out, and together they are the whole listing.
            for artifact in all.items {
                let from = try await client.listArtifacts(
                    dataset: dataset, filter: ArtifactFilter(createdFrom: artifact.createdAt))
                let before = try await client.listArtifacts(
                    dataset: dataset, filter: ArtifactFilter(createdBefore: artifact.createdAt))
                #expect(from.items.contains { $0.id == artifact.id }, "\(artifact.tags)")
                #expect(!before.items.contains { $0.id == artifact.id }, "\(artifact.tags)")
                #expect(before.items.map(\.id) + from.items.map(\.id) == all.items.map(\.id))
            }
        }
    }

    @Test(arguments: [nil, RESPVersion.resp3])
    func metadataConditionsAreAndedAcrossPages(version: RESPVersion?) async throws {
        try await withStoreAndClient(version) { _, client in
            let dataset = Fixture.dataset
            _ = try await client.send(["DATASET.CREATE", dataset.description, "META", "owner", "ml"])
            _ = try await client.send(["DATASET.CREATE", "proj/dev/other/v1", "META", "owner", "web"])
            var ids: [ArtifactID] = []
            for index in 0..<9 {
                let artifact = try await client.send(
                    ArtifactCreate(
                        NewArtifact(
                            dataset: dataset, items: [try .inline("o0", [UInt8(index)])],
                            metadata: ["team": index % 3 == 0 ? "ml" : "web", "run": index % 2 == 0 ? "even" : "odd"])))
                ids.append(artifact.id)
            }
            let filter = ArtifactFilter(metadata: ["team": "ml", "run": "even"])
            let (matching, pages) = try await all(
                { try await client.listArtifacts(dataset: dataset, filter: filter, page: $0) }, limit: 1)
            #expect(matching.map(\.id) == [ids[0], ids[6]] && pages == 2)
            let (ml, _) = try await all(
                {
                    try await client.listArtifacts(
                        dataset: dataset, filter: ArtifactFilter(metadata: ["team": "ml"]), page: $0)
                },
                limit: 2)
            #expect(ml.map(\.id) == [ids[0], ids[3], ids[6]])

            // Typed as a client would: the same value twice is one condition, two values none.
            let twice = try await client.send([
                "ARTIFACT.LIST", dataset.description, "META", "team", "ml", "META", "team", "ml", "META", "run", "odd",
            ])
            let decoder = ArtifactList(dataset: dataset)
            #expect(try decoder.decodeReply(twice).items.map(\.id) == [ids[3]])
            let both = try await client.send([
                "ARTIFACT.LIST", dataset.description, "META", "team", "ml", "META", "team", "web",
            ])
            let none = try decoder.decodeReply(both)
            #expect(none.items.isEmpty && none.nextCursor == nil)

            let owners = try await client.listDatasets(DatasetFilter(metadata: ["owner": "ml"]))
            #expect(owners.items.map(\.id) == [dataset])
            let bad = await #expect(throws: CairnClientError.self) {
                try await client.listDatasets(DatasetFilter(metadata: ["bad key": "x"]))
            }
            #expect(
                bad?.prefix == .err && bad?.message.hasPrefix("metadata filter key:") == true,
                "\(String(describing: bad))")
        }
    }

    /// `date` as the protocol carries it: whole Unix milliseconds, rounded down.
    static func milliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(Int64((date.timeIntervalSince1970 * 1000).rounded(.down))) / 1000)
    }

    static func milliseconds(_ artifact: Artifact) -> Artifact {
        var artifact = artifact
        artifact.createdAt = milliseconds(artifact.createdAt)
        artifact.updatedAt = artifact.updatedAt.map(milliseconds)
        artifact.expiresAt = artifact.expiresAt.map(milliseconds)
        artifact.lastHitAt = artifact.lastHitAt.map(milliseconds)
        return artifact
    }
}
