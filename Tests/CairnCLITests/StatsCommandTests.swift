import CairnCore
import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// `cairn admin stats`, run as the built binary on PostgreSQL.
@Suite struct StatsCommandTests {
    /// Two datasets in two projects: three artifacts with known sizes, hits, times and expiry.
    func withCatalog(_ body: (String) async throws -> Void) async throws {
        try await TestDatabase.withStore { store, url in
            let alpha = try DatasetID(parsing: "alpha/dev/a/v1")
            let beta = try DatasetID(parsing: "beta/prod/longer-name/v1")
            let blob = try BlobReference(uri: "s3://bucket/key", size: 1000, sha256: .of(Array("key".utf8)))
            let puts = [
                (alpha, "1", "hello", [BlobReference](), 2, "2024-01-01T00:00:00Z", false),
                (alpha, "2", "hi", [], 3, "2024-01-02T00:00:00Z", false),
                (beta, "1", "x", [blob], 0, "2024-02-01T00:00:00Z", true),
            ]
            for (dataset, tag, text, blobs, hits, created, expired) in puts {
                let id = try await store.put(
                    dataset, try TagName(tag), data: [try .inline("o", Array(text.utf8))], blobs: blobs
                ).artifactID
                try await TestDatabase.scalar(
                    url,
                    "UPDATE artifacts SET hit_count = \(hits), created_at = '\(created)'"
                        + (expired ? ", expires_at = now()" : "") + " WHERE id = '\(id)'")
            }
            try await body(url)
        }
    }

    @Test func statsPrintsAnAlignedTableWithTotals() async throws {
        try await withCatalog { url in
            let result = try await runCairn(["admin", "stats", "--database-url", url])
            #expect(result.status == 0, "\(result)")
            #expect(
                result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) == [
                    "dataset                   artifacts  inline bytes  blob bytes  hits  expired  oldest                    newest",
                    "alpha/dev/a/v1                    2             7           0     5        0  2024-01-01T00:00:00.000Z  2024-01-02T00:00:00.000Z",
                    "beta/prod/longer-name/v1          1             1        1000     0        1  2024-02-01T00:00:00.000Z  2024-02-01T00:00:00.000Z",
                    "total                             3             8        1000     5        1  2024-01-01T00:00:00.000Z  2024-02-01T00:00:00.000Z",
                    "blob deletion queue: 0", "",
                ])

            let beta = try await runCairn(["admin", "stats", "--project", "beta", "--database-url", url])
            let lines = beta.stdout.split(separator: "\n").map(String.init)
            #expect(
                lines.count == 4 && lines[1].hasPrefix("beta/prod/longer-name/v1  ") && lines[2].hasPrefix("total "))
            #expect(lines[1].dropFirst(24) == lines[2].dropFirst(24), "the total of one dataset is that dataset")
        }
    }

    @Test func statsJSONHasDatasetsTotalsAndTheQueue() async throws {
        try await withCatalog { url in
            let result = try await runCairn(["admin", "stats", "--json", "--domain", "dev", "--database-url", url])
            #expect(result.status == 0, "\(result)")
            let object = try json(result.stdout)
            #expect(Set(object.keys) == ["datasets", "totals", "blob_deletion_queue"])
            #expect(object["blob_deletion_queue"] as? Int == 0)
            let datasets = try #require(object["datasets"] as? [[String: Any]])
            try #require(datasets.count == 1)
            let alpha = datasets[0]
            #expect(alpha["dataset"] as? String == "alpha/dev/a/v1" && alpha["project"] as? String == "alpha")
            #expect(alpha["domain"] as? String == "dev" && alpha["name"] as? String == "a")
            #expect(alpha["version"] as? String == "v1")
            #expect(alpha["artifacts"] as? Int == 2 && alpha["inline_bytes"] as? Int == 7)
            #expect(alpha["blob_bytes"] as? Int == 0 && alpha["hits"] as? Int == 5 && alpha["expired"] as? Int == 0)
            #expect(alpha["oldest"] as? Int64 == 1_704_067_200_000 && alpha["newest"] as? Int64 == 1_704_153_600_000)
            let totals = try #require(object["totals"] as? [String: Any])
            #expect(
                Set(totals.keys) == Set(alpha.keys).subtracting(["dataset", "project", "domain", "name", "version"]))
            #expect(totals["artifacts"] as? Int == 2 && totals["hits"] as? Int == 5)

            let none = try json(
                try await runCairn(["admin", "stats", "--json", "--project", "gamma", "--database-url", url]).stdout)
            #expect((none["datasets"] as? [Any])?.isEmpty == true)
            let empty = try #require(none["totals"] as? [String: Any])
            #expect(empty["artifacts"] as? Int == 0 && empty["oldest"] is NSNull && empty["newest"] is NSNull)
        }
    }
}
