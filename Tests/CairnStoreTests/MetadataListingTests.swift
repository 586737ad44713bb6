import CairnCore
import CairnTestSupport
import Foundation
import Testing

@testable import CairnStore

/// Listing datasets and artifacts by metadata (`META key value`, AND-ed), page by page, on the
/// GIN indexes of migration 5.
@Suite struct MetadataListingTests {
    /// Every page of a listing, following cursors with `limit` items a page.
    func collect<Element>(limit: Int, _ fetch: (PageRequest) async throws -> Page<Element>) async throws -> [Element] {
        var items: [Element] = []
        var cursor: String?
        repeat {
            let page = try await fetch(PageRequest(limit: limit, cursor: cursor))
            #expect(page.items.count <= limit)
            items += page.items
            cursor = page.nextCursor
        } while cursor != nil
        return items
    }

    @Test func artifactsMatchEveryMetadataEntryAcrossPages() async throws {
        try await TestDatabase.withStore { store, _ in
            let ds = try dataset()
            let other = try dataset("task-b")
            for id in [ds, other] { _ = try await store.createDataset(id) }
            var created: [Artifact] = []
            for index in 0..<30 {
                let metadata = [
                    "team": index % 3 == 0 ? "ml" : "web", "stage": index % 2 == 0 ? "prod" : "dev",
                    "index": String(index),
                ]
                created.append(
                    try await store.createArtifact(
                        NewArtifact(dataset: ds, items: [try item("o0", "v\(index)")], metadata: metadata)))
            }
            // Same metadata in another dataset: never listed with the first.
            _ = try await store.createArtifact(
                NewArtifact(dataset: other, items: [try item("o0", "x")], metadata: ["team": "ml", "stage": "prod"]))

            let ml = MetadataFilter(["team": "ml"])
            let mlProd: MetadataFilter = ["team": "ml", "stage": "prod"]
            for (filter, expected) in [(ml, [0, 3, 6, 9, 12, 15, 18, 21, 24, 27]), (mlProd, [0, 6, 12, 18, 24])] {
                for limit in [1, 2, 3, 100] {
                    let listed = try await collect(limit: limit) {
                        try await store.listArtifacts(ds, filter: ArtifactFilter(metadata: filter), page: $0)
                    }
                    #expect(listed.map(\.id) == expected.map { created[$0].id }, "\(filter) by \(limit)")
                }
                let newest = try await collect(limit: 2) {
                    try await store.listArtifacts(
                        ds, filter: ArtifactFilter(metadata: filter, newestFirst: true), page: $0)
                }
                #expect(newest.map(\.id) == expected.reversed().map { created[$0].id })
            }
            // With the other filters, AND-ed.
            let window = try await store.listArtifacts(
                ds,
                filter: ArtifactFilter(
                    metadata: mlProd, createdFrom: created[6].createdAt, createdBefore: created[24].createdAt))
            #expect(window.items.map(\.id) == [6, 12, 18].map { created[$0].id })

            var twice = mlProd
            twice.require("team", equals: "ml")
            #expect(twice == mlProd)
            var conflicting = mlProd
            conflicting.require("team", equals: "web")
            let none = try await store.listArtifacts(ds, filter: ArtifactFilter(metadata: conflicting))
            #expect(none.items.isEmpty && none.nextCursor == nil)
            let absent = try await store.listArtifacts(ds, filter: ArtifactFilter(metadata: ["team": "ops"]))
            #expect(absent.items.isEmpty)
            let unknownKey = try await store.listArtifacts(ds, filter: ArtifactFilter(metadata: ["owner": "ml"]))
            #expect(unknownKey.items.isEmpty)
        }
    }

    @Test func datasetsMatchEveryMetadataEntryAcrossPagesInEitherOrder() async throws {
        try await TestDatabase.withStore { store, _ in
            var matching: [DatasetID] = []
            for index in 0..<12 {
                let id = try dataset(String(format: "task-%02d", index))
                let metadata = ["owner": index % 2 == 0 ? "ml" : "web", "tier": index % 4 == 0 ? "gold" : "silver"]
                _ = try await store.createDataset(id, metadata: metadata)
                if index % 4 == 0 { matching.append(id) }
            }
            let filter: MetadataFilter = ["owner": "ml", "tier": "gold"]
            for limit in [1, 2, 100] {
                let byIdentity = try await collect(limit: limit) {
                    try await store.listDatasets(DatasetFilter(metadata: filter), page: $0)
                }
                #expect(byIdentity.map(\.id) == matching, "by \(limit)")
                let newest = try await collect(limit: limit) {
                    try await store.listDatasets(DatasetFilter(metadata: filter, order: .newestFirst), page: $0)
                }
                #expect(newest.map(\.id) == matching.reversed(), "by \(limit)")
            }
            let withPrefix = try await store.listDatasets(DatasetFilter(namePrefix: "task-0", metadata: filter))
            #expect(withPrefix.items.map(\.id) == Array(matching.prefix(3)))
            var conflicting = filter
            conflicting.require("owner", equals: "web")
            #expect(try await store.listDatasets(DatasetFilter(metadata: conflicting)).items.isEmpty)
            var twice = filter
            twice.require("tier", equals: "gold")
            #expect(try await store.listDatasets(DatasetFilter(metadata: twice)).items.map(\.id) == matching)
        }
    }

    @Test func aFilterIsCheckedAsMetadataIs() async throws {
        try await TestDatabase.withStore { store, _ in
            let ds = try dataset()
            _ = try await store.createDataset(ds)
            let badKey = await expectCairnError(.invalidArgument) {
                try await store.listDatasets(DatasetFilter(metadata: ["no spaces": "v"]))
            }
            #expect(badKey?.message.contains("metadata filter key") == true, "\(String(describing: badKey))")
            let long = String(repeating: "x", count: CatalogLimits().maxMetadataValueBytes + 1)
            let longValue = await expectCairnError(.limitExceeded) {
                try await store.listArtifacts(ds, filter: ArtifactFilter(metadata: ["k": long]))
            }
            #expect(longValue?.message.contains("metadata filter value of k") == true)
            var many = MetadataFilter()
            for index in 0...CatalogLimits().maxMetadataEntries { many.require("k\(index)", equals: "v") }
            await expectCairnError(.limitExceeded) { try await store.listDatasets(DatasetFilter(metadata: many)) }
        }
    }

    @Test func containmentOnMetadataCanUseTheGINIndexes() async throws {
        try await TestDatabase.withStore { _, url in
            for (table, index) in [("datasets", "datasets_metadata"), ("artifacts", "artifacts_metadata")] {
                let definition = try await TestDatabase.scalar(
                    url,
                    "SELECT pg_get_indexdef(i.indexrelid) || ' ' || i.indisvalid FROM pg_index i "
                        + "WHERE i.indexrelid = '\(index)'::regclass")
                #expect(
                    definition == "CREATE INDEX \(index) ON public.\(table) USING gin (metadata jsonb_path_ops) true")
                // The planner may prefer a scan on a small table; without that choice, it must find the index.
                let plan = try await TestDatabase.scalar(
                    url,
                    "SET enable_seqscan = off; "
                        + #"EXPLAIN (FORMAT JSON) SELECT id FROM \#(table) WHERE metadata @> '{"team": "ml"}'::jsonb"#)
                #expect(plan?.contains(#""Index Name": "\#(index)""#) == true, "\(plan ?? "no plan")")
            }
        }
    }
}
