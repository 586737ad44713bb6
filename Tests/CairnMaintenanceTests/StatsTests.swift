import CairnCore
import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// `MaintenanceConnection.catalogStats` on a catalog whose every figure is known.
@Suite struct StatsTests {
    /// Two projects, four datasets (one empty), five artifacts; hits, expiry and creation times set
    /// with SQL; one deleted artifact leaves two blob deletions queued.
    static func plant(_ store: CairnStore, _ url: String) async throws {
        func blob(_ key: String, _ size: Int64) throws -> BlobReference {
            try BlobReference(uri: "s3://bucket/\(key)", size: size, sha256: .of(Array(key.utf8)))
        }
        func put(
            _ dataset: String, _ tag: String, _ inline: String, blobs: [BlobReference] = [],
            items: [BlobReference] = [], hits: Int, created: String, expired: Bool = false
        ) async throws -> ArtifactID {
            let data =
                [try DataItem.inline("text", Array(inline.utf8))]
                + (try items.enumerated().map { try DataItem(name: "blob\($0.offset)", value: .blob($0.element)) })
            let id = try await store.put(
                try DatasetID(parsing: dataset), try TagName(tag), data: data, ttl: .seconds(3600), blobs: blobs
            ).artifactID
            let expiry = expired ? "now() - interval '1 minute'" : "expires_at"
            try await TestDatabase.scalar(
                url,
                "UPDATE artifacts SET hit_count = \(hits), created_at = '\(created)', expires_at = \(expiry) "
                    + "WHERE id = '\(id)'")
            return id
        }
        _ = try await put(
            "alpha/dev/a/v1", "1", "hello", items: [try blob("one", 100)], hits: 3, created: "2024-01-01T00:00:00Z")
        _ = try await put(
            "alpha/dev/a/v1", "2", "hi", blobs: [try blob("two", 50)], items: [try blob("two", 50)], hits: 4,
            created: "2024-01-02T00:00:00Z", expired: true)
        _ = try await put("alpha/prod/b/v1", "1", "abc", hits: 0, created: "2024-02-01T00:00:00Z")
        _ = try await put(
            "beta/dev/c/v1", "1", "0123456789", blobs: [try blob("three", 1000), try blob("one", 100)], hits: 10,
            created: "2023-12-31T00:00:00Z", expired: true)
        _ = try await put("beta/dev/c/v1", "2", "x", hits: 1, created: "2024-03-01T00:00:00Z")
        let gone = try await put(
            "beta/dev/c/v1", "3", "gone", blobs: [try blob("four", 7), try blob("five", 8)], hits: 99,
            created: "2020-01-01T00:00:00Z")
        #expect(try await store.deleteArtifact(gone))
        _ = try await store.createDataset(try DatasetID(parsing: "beta/dev/empty/v1"))
    }

    static func figures(
        _ artifacts: Int64, _ inline: Int64, _ blob: Int64, _ hits: Int64, _ expired: Int64, _ oldest: String?,
        _ newest: String?
    ) -> ArtifactStats {
        var stats = ArtifactStats()
        stats.artifacts = artifacts
        stats.inlineBytes = inline
        stats.blobBytes = blob
        stats.hits = hits
        stats.expired = expired
        stats.oldest = oldest.flatMap { try? Date($0, strategy: .iso8601) }
        stats.newest = newest.flatMap { try? Date($0, strategy: .iso8601) }
        return stats
    }

    static let a = figures(2, 7, 150, 7, 1, "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z")
    static let b = figures(1, 3, 0, 0, 0, "2024-02-01T00:00:00Z", "2024-02-01T00:00:00Z")
    static let c = figures(2, 11, 1100, 11, 1, "2023-12-31T00:00:00Z", "2024-03-01T00:00:00Z")
    static let empty = figures(0, 0, 0, 0, 0, nil, nil)

    func stats(_ url: String, project: String? = nil, domain: String? = nil) async throws -> CatalogStats {
        try await Blocking.run {
            try MaintenanceConnection(databaseURL: url).catalogStats(project: project, domain: domain)
        }
    }

    func ids(_ stats: CatalogStats) -> [String] { stats.datasets.map(\.id.description) }

    @Test func figuresPerDatasetAndInTotalAreExact() async throws {
        try await TestDatabase.withStore { store, url in
            try await Self.plant(store, url)
            let stats = try await stats(url)
            #expect(ids(stats) == ["alpha/dev/a/v1", "alpha/prod/b/v1", "beta/dev/c/v1", "beta/dev/empty/v1"])
            #expect(stats.datasets.map(\.stats) == [Self.a, Self.b, Self.c, Self.empty])
            #expect(stats.totals == Self.figures(5, 21, 1250, 18, 2, "2023-12-31T00:00:00Z", "2024-03-01T00:00:00Z"))
            #expect(stats.queuedBlobDeletions == 2)
        }
    }

    @Test func filtersSelectDatasetsAndTotalsButNotTheQueue() async throws {
        try await TestDatabase.withStore { store, url in
            try await Self.plant(store, url)
            let alpha = try await stats(url, project: "alpha")
            #expect(ids(alpha) == ["alpha/dev/a/v1", "alpha/prod/b/v1"])
            #expect(alpha.totals == Self.figures(3, 10, 150, 7, 1, "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"))
            #expect(alpha.queuedBlobDeletions == 2)

            let dev = try await stats(url, domain: "dev")
            #expect(ids(dev) == ["alpha/dev/a/v1", "beta/dev/c/v1", "beta/dev/empty/v1"])
            #expect(dev.totals == Self.figures(4, 18, 1250, 18, 2, "2023-12-31T00:00:00Z", "2024-03-01T00:00:00Z"))

            let betaDev = try await stats(url, project: "beta", domain: "dev")
            #expect(betaDev.datasets.map(\.stats) == [Self.c, Self.empty])
            #expect(betaDev.totals == Self.c)

            let none = try await stats(url, project: "beta", domain: "prod")
            #expect(none.datasets.isEmpty && none.totals == Self.empty && none.queuedBlobDeletions == 2)
        }
    }

    @Test func anEmptyCatalogHasZeroTotals() async throws {
        try await TestDatabase.withStore { _, url in
            let stats = try await stats(url)
            #expect(stats.datasets.isEmpty && stats.totals == Self.empty && stats.queuedBlobDeletions == 0)
        }
    }
}
