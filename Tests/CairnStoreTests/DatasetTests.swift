import CairnCore
import CairnTestSupport
import Foundation
import Testing

@testable import CairnStore

@Suite struct DatasetTests {
    @Test func createThenGetReturnsWhatWasStored() async throws {
        try await TestDatabase.withStore { store, _ in
            let id = try dataset()
            let (created, outcome) = try await store.createDataset(
                id, metadata: ["owner": "ml"], partitionKeys: ["region", "day"])
            #expect(outcome == .created)
            #expect(created.partitionKeys == ["day", "region"])
            let fetched = try await store.dataset(id)
            #expect(fetched == created)
        }
    }

    @Test func creatingAnIdenticalDatasetAgainIsIdempotent() async throws {
        try await TestDatabase.withStore { store, _ in
            let id = try dataset()
            let first = try await store.createDataset(id, metadata: ["a": "1"], partitionKeys: ["k"])
            let again = try await store.createDataset(id, metadata: ["a": "1"], partitionKeys: ["k"])
            #expect(again.outcome == .exists)
            #expect(again.dataset == first.dataset)
        }
    }

    @Test func creatingADatasetWithOtherMetadataIsAConflict() async throws {
        try await TestDatabase.withStore { store, _ in
            let id = try dataset()
            _ = try await store.createDataset(id, metadata: ["a": "1"])
            await expectCairnError(.conflict) { try await store.createDataset(id, metadata: ["a": "2"]) }
            await expectCairnError(.conflict) {
                try await store.createDataset(id, metadata: ["a": "1"], partitionKeys: ["k"])
            }
        }
    }

    @Test func gettingAMissingDatasetIsNotFound() async throws {
        try await TestDatabase.withStore { store, _ in
            await expectCairnError(.notFound) { try await store.dataset(try dataset("nope")) }
        }
    }

    @Test func invalidPartitionKeysAreRejectedNamingTheField() async throws {
        try await TestDatabase.withStore { store, _ in
            let duplicate = await expectCairnError(.invalidArgument) {
                try await store.createDataset(try dataset(), partitionKeys: ["k", "k"])
            }
            #expect(duplicate?.field == "partition keys")
            let bad = await expectCairnError(.invalidArgument) {
                try await store.createDataset(try dataset(), partitionKeys: ["bad key"])
            }
            #expect(bad?.field == "partition key")
        }
    }

    @Test func listingFiltersByProjectDomainAndNamePrefix() async throws {
        try await TestDatabase.withStore { store, _ in
            for (project, domain, name) in [
                ("a", "dev", "task-x"), ("a", "dev", "task-y"), ("a", "prod", "task-x"),
                ("b", "dev", "task-x"), ("a", "dev", "other_1"),
            ] {
                _ = try await store.createDataset(try dataset(name, project: project, domain: domain))
            }
            let devA = try await store.listDatasets(DatasetFilter(project: "a", domain: "dev"))
            #expect(devA.items.map(\.id.name) == ["other_1", "task-x", "task-y"])
            let prefixed = try await store.listDatasets(DatasetFilter(namePrefix: "task-"))
            #expect(prefixed.items.count == 4)
            // `_` is a literal in prefixes, not a wildcard.
            let underscore = try await store.listDatasets(DatasetFilter(namePrefix: "other_"))
            #expect(underscore.items.map(\.id.name) == ["other_1"])
            #expect(try await store.listDatasets(DatasetFilter(namePrefix: "other-")).items.isEmpty)
        }
    }

    @Test func keysetPaginationVisitsEveryDatasetOnceInOrder() async throws {
        try await TestDatabase.withStore { store, url in
            try await TestDatabase.scalar(
                url,
                """
                INSERT INTO datasets (project, domain, name, version)
                SELECT 'p' || (i % 3), 'd' || (i % 2), 'n' || i, 'v' || (i % 5) FROM generate_series(1, 2500) AS i
                """)
            var seen: [DatasetID] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await store.listDatasets(page: PageRequest(limit: 101, cursor: cursor))
                #expect(page.items.count <= 101)
                seen += page.items.map(\.id)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil
            #expect(seen.count == 2500)
            #expect(Set(seen).count == 2500)
            #expect(seen == seen.sorted())
            #expect(pages == 25)
        }
    }

    @Test func aForgedCursorIsAnInvalidArgument() async throws {
        try await TestDatabase.withStore { store, _ in
            let error = await expectCairnError(.invalidArgument) {
                try await store.listDatasets(page: PageRequest(cursor: "not a cursor!"))
            }
            #expect(error?.field == "cursor")
        }
    }
}
