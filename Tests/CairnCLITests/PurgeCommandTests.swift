import CairnCore
import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// `cairn admin purge` as a user runs it: on the database, and through a server.
@Suite struct PurgeCommandTests {
    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let log = "/tmp/cairn-purge-cli-" + UUID().uuidString.prefix(8).lowercased()
        defer { try? FileManager.default.removeItem(atPath: log) }
        let status = try await PurgeCrashTests.run(
            [ServeCommandTests.binary] + arguments, environment: ProcessInfo.processInfo.environment, log: log)
        return (status, PurgeCrashTests.text(log))
    }

    static func json(_ text: String) throws -> [String: Any] {
        let line = try #require(text.split(separator: "\n").last { $0.hasPrefix("{") })
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func dryRunThenRealRunOnTheDatabaseAndThroughAServer() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ServeCommandTests.binary))
        let blobs = "/tmp/cairn-purge-cli-blobs-" + UUID().uuidString.prefix(8).lowercased()
        defer { try? FileManager.default.removeItem(atPath: blobs) }
        try await TestDatabase.withStore { store, url in
            for (dataset, tag) in [("p1/dev/a/v1", "x"), ("p1/dev/a/v1", "y"), ("p2/dev/a/v1", "z")] {
                _ = try await store.put(
                    try DatasetID(parsing: dataset), try TagName(tag), data: [try .inline("v", Array("1234".utf8))])
            }
            let database = ["admin", "purge", "--database-url", url, "--blob-dir", blobs]
            let dry = try await Self.run(database + ["--project", "p1", "--dry-run"])
            #expect(dry.status == 0)
            #expect(
                dry.output.contains("would delete 2 artifacts (8 bytes inline), 0 blob objects (0 bytes)"),
                "\(dry.output)")
            let refused = try await Self.run(database + ["--dry-run"])
            #expect(refused.status != 0 && refused.output.contains("selection: is empty"), "\(refused.output)")
            let real = try Self.json(try await Self.run(database + ["--project", "p1", "--json"]).output)
            #expect(real["artifacts"] as? Int == 2 && real["dry_run"] as? Bool == false)
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifacts") == 1)
            try await withCatalogServer(on: store) { port, _ in
                let remote = ["admin", "purge", "--catalog", "127.0.0.1:\(port)", "--all", "--json"]
                let answer = try Self.json(try await Self.run(remote + ["--dry-run"]).output)
                #expect(answer["artifacts"] as? Int == 1 && answer["dry_run"] as? Bool == true)
                let done = try Self.json(try await Self.run(remote).output)
                #expect(done["artifacts"] as? Int == 1 && done["batches"] as? Int == 1)
            }
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifacts") == 0)
        }
    }
}
