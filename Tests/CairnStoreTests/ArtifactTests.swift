import CairnCore
import CairnTestSupport
import Foundation
import Testing

@testable import CairnStore

@Suite struct ArtifactTests {
    func partitioned(_ store: CairnStore) async throws -> DatasetID {
        let ds = try dataset()
        _ = try await store.createDataset(ds, partitionKeys: ["day", "region"])
        return ds
    }

    @Test func createStoresEverythingAndBothReadsReturnIt() async throws {
        try await TestDatabase.withStore { store, _ in
            let ds = try await partitioned(store)
            let blob = try BlobReference(uri: "s3://bucket/key", size: 99, sha256: digest("b"))
            let declared = try BlobReference(uri: "file:///extra", size: 5, sha256: digest("e"))
            let created = try await store.createArtifact(
                NewArtifact(
                    dataset: ds, items: [try item("o0", "value"), try DataItem(name: "big", value: .blob(blob))],
                    blobs: [declared], metadata: ["m": "1"], partitions: ["day": "2026-11-21", "region": "eu"],
                    tags: [try tag("a"), try tag("b")], ttl: .seconds(3600)))
            let byID = try await store.artifact(.id(created.id))
            let byTag = try await store.artifact(.tag(ds, tag("b")))
            #expect(byID == byTag)
            #expect(byID.items == created.items)
            #expect(byID.blobs == [declared, blob].sorted { $0.uri < $1.uri })
            #expect(byID.partitions == ["day": "2026-11-21", "region": "eu"])
            #expect(byID.tags == ["a", "b"])
            #expect(byID.metadata == ["m": "1"])
            #expect(byID.size == 5 + 99 + 5)
            #expect(byID.checksum == created.checksum)
            #expect(abs(byID.createdAt.timeIntervalSince(created.createdAt)) < 0.001)
            let expires = try #require(byID.expiresAt)
            #expect(abs(expires.timeIntervalSince(byID.createdAt) - 3600) < 5)
        }
    }

    @Test func createWithATakenTagCreatesNothing() async throws {
        try await TestDatabase.withStore { store, url in
            let ds = try await partitioned(store)
            let parts = ["day": "d", "region": "r"]
            _ = try await store.createArtifact(
                NewArtifact(dataset: ds, items: [], partitions: parts, tags: [try tag("t1")]))
            let error = await expectCairnError(.alreadyExists) {
                try await store.createArtifact(
                    NewArtifact(
                        dataset: ds, items: [try item("o0", "x")], partitions: parts,
                        tags: [try tag("t2"), try tag("t1")]))
            }
            #expect(error?.message.contains("t1") == true)
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifacts") == 1)
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM tags") == 1)
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifact_data") == 0)
        }
    }

    @Test func createChecksTheDatasetThePartitionsAndTheID() async throws {
        try await TestDatabase.withStore { store, _ in
            let ds = try await partitioned(store)
            await expectCairnError(.notFound) {
                try await store.createArtifact(NewArtifact(dataset: try dataset("missing"), items: []))
            }
            let mismatch = await expectCairnError(.invalidArgument) {
                try await store.createArtifact(NewArtifact(dataset: ds, items: [], partitions: ["day": "d"]))
            }
            #expect(mismatch?.message.contains("partition") == true)
            let id = ArtifactID.random()
            let parts = ["day": "d", "region": "r"]
            _ = try await store.createArtifact(NewArtifact(id: id, dataset: ds, items: [], partitions: parts))
            await expectCairnError(.alreadyExists) {
                try await store.createArtifact(NewArtifact(id: id, dataset: ds, items: [], partitions: parts))
            }
        }
    }

    @Test func readsOfMissingArtifactsAreNotFound() async throws {
        try await TestDatabase.withStore { store, _ in
            await expectCairnError(.notFound) { try await store.artifact(.id(.random())) }
            await expectCairnError(.notFound) { try await store.artifact(.tag(try dataset(), try tag("x"))) }
            await expectCairnError(.notFound) { try await store.listArtifacts(try dataset("missing")) }
        }
    }

    @Test func updateReplacesDataAndMetadataKeepingIDTagsAndPartitions() async throws {
        try await TestDatabase.withStore { store, _ in
            let ds = try await partitioned(store)
            let parts = ["day": "d", "region": "r"]
            let created = try await store.createArtifact(
                NewArtifact(
                    dataset: ds, items: [try item("o0", "old"), try item("o1", "gone")], metadata: ["v": "1"],
                    partitions: parts, tags: [try tag("t")]))
            let updated = try await store.updateArtifact(
                .tag(ds, tag("t")), data: [try item("o0", "new")],
                metadata: ["v": "2"], expiry: .after(.seconds(60)))
            #expect(updated.id == created.id)
            #expect(updated.items == [try item("o0", "new")])
            #expect(updated.metadata == ["v": "2"])
            #expect(updated.tags == ["t"])
            #expect(updated.partitions == parts)
            #expect(updated.updatedAt != nil)
            #expect(updated.expiresAt != nil)
            #expect(updated.checksum != created.checksum)
            let again = try await store.updateArtifact(.id(created.id), data: [try item("o0", "third")])
            #expect(again.expiresAt == updated.expiresAt)
            #expect(again.metadata == [:])
            let forever = try await store.updateArtifact(.id(created.id), data: [try item("o0", "x")], expiry: .never)
            #expect(forever.expiresAt == nil)
            await expectCairnError(.notFound) { try await store.updateArtifact(.id(.random()), data: []) }
        }
    }

    @Test func deleteRemovesTheArtifactItsDataAndTags() async throws {
        try await TestDatabase.withStore { store, url in
            let ds = try await partitioned(store)
            let created = try await store.createArtifact(
                NewArtifact(
                    dataset: ds, items: [try item("o0", "v")], partitions: ["day": "d", "region": "r"],
                    tags: [try tag("t")]))
            #expect(try await store.deleteArtifact(created.id))
            #expect(try await store.deleteArtifact(created.id) == false)
            await expectCairnError(.notFound) { try await store.artifact(.tag(ds, tag("t"))) }
            for table in ["artifacts", "artifact_data", "tags", "partitions"] {
                #expect(try await TestDatabase.count(url, "SELECT count(*) FROM \(table)") == 0, "\(table)")
            }
        }
    }

    @Test func listingFiltersByTagPartitionAndCreationTimeWithoutValues() async throws {
        try await TestDatabase.withStore { store, _ in
            let ds = try await partitioned(store)
            var created: [Artifact] = []
            for index in 0..<6 {
                created.append(
                    try await store.createArtifact(
                        NewArtifact(
                            dataset: ds, items: [try item("o0", "value-\(index)")],
                            partitions: ["day": "d\(index % 2)", "region": index < 3 ? "eu" : "us"],
                            tags: [try tag("t\(index)")])))
            }
            let all = try await store.listArtifacts(ds)
            #expect(all.items.map(\.id) == created.map(\.id))
            #expect(all.items[0].items[0].value == .omitted(size: 7))
            #expect(all.nextCursor == nil)
            let withValues = try await store.listArtifacts(ds, filter: ArtifactFilter(includeValues: true))
            #expect(withValues.items[0].items[0].value == .inline(bytes("value-0")))
            let tagged = try await store.listArtifacts(ds, filter: ArtifactFilter(tag: try tag("t4")))
            #expect(tagged.items.map(\.id) == [created[4].id])
            let partition = try await store.listArtifacts(
                ds, filter: ArtifactFilter(partitions: ["day": "d1", "region": "eu"]))
            #expect(partition.items.map(\.id) == [created[1].id])
            let window = try await store.listArtifacts(
                ds,
                filter: ArtifactFilter(
                    createdFrom: created[2].createdAt, createdBefore: created[4].createdAt))
            #expect(window.items.map(\.id) == [created[2].id, created[3].id])
        }
    }

    @Test func keysetPaginationOverThousandsOfArtifactsHasNoDuplicatesOrGaps() async throws {
        try await TestDatabase.withStore { store, url in
            let ds = try dataset()
            _ = try await store.createDataset(ds)
            // Many artifacts share a creation time, so the id breaks ties.
            try await TestDatabase.scalar(
                url,
                """
                INSERT INTO artifacts (id, dataset_id, created_at, total_size, checksum)
                SELECT gen_random_uuid(), (SELECT id FROM datasets), timestamptz '2026-01-01' + (i / 7) * interval '1 second',
                       0, sha256(i::text::bytea) FROM generate_series(1, 3000) AS i
                """)
            var seen: [ArtifactID] = []
            var cursor: String?
            repeat {
                let page = try await store.listArtifacts(ds, page: PageRequest(limit: 250, cursor: cursor))
                seen += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen.count == 3000)
            #expect(Set(seen).count == 3000)
            let clamped = try await store.listArtifacts(ds, page: PageRequest(limit: 1_000_000))
            #expect(clamped.items.count == CatalogLimits().maxPageSize)
        }
    }
}
