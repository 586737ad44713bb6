import CairnCore
import CairnTestSupport
import Foundation
import Testing

/// PostgreSQL's notices never reach a user's terminal raw: `cairn admin purge` drops its scratch
/// table with `DROP TABLE IF EXISTS`, which PostgreSQL answers with a NOTICE.
@Suite struct PostgresNoticeCommandTests {
    @Test func aPurgeOnTheDatabasePrintsNoPostgresNoticeOnStandardError() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ServeCommandTests.binary))
        let blobs = "/tmp/cairn-notice-blobs-" + UUID().uuidString.prefix(8).lowercased()
        defer { try? FileManager.default.removeItem(atPath: blobs) }
        try await TestDatabase.withStore { store, url in
            _ = try await store.put(
                try DatasetID(parsing: "p1/dev/a/v1"), try TagName("x"), data: [try .inline("v", Array("1".utf8))])
            let purge = try await runCairn(
                ["admin", "purge", "--database-url", url, "--blob-dir", blobs, "--project", "p1", "--json"])
            #expect(purge.status == 0, "\(purge.stderr)")
            #expect(try json(purge.stdout)["artifacts"] as? Int == 1, "\(purge.stdout)")
            #expect(!purge.stderr.contains("NOTICE"), "\(purge.stderr)")
            #expect(!purge.stderr.contains("does not exist, skipping"), "\(purge.stderr)")
        }
    }
}
