import CairnCore
import CairnStore
import Foundation
import Logging

/// A fresh, migrated database per test on the PostgreSQL that `scripts/test` starts
/// (`CAIRN_TEST_DATABASE_URL`), dropped afterwards.
public enum TestDatabase {
    /// The server `scripts/test` started; an error (never a silent skip) when it is missing.
    public static var serverURL: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["CAIRN_TEST_DATABASE_URL"] else {
                throw CairnError(
                    .unavailable,
                    "CAIRN_TEST_DATABASE_URL is not set: run the suite with scripts/test, which starts PostgreSQL")
            }
            return url
        }
    }

    /// Runs `body` with the URL of a new empty database, dropping it afterwards.
    public static func withEmptyDatabase(_ body: (String) async throws -> Void) async throws {
        let server = try serverURL
        let name = "cairn_test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        try await Blocking.run { try AdminSQL.execute(databaseURL: server, "CREATE DATABASE \(name)") }
        let url = server.replacingOccurrences(of: "dbname=postgres", with: "dbname=\(name)")
        do {
            try await body(url)
        } catch {
            _ = try? await Blocking.run {
                try AdminSQL.execute(databaseURL: server, "DROP DATABASE \(name) WITH (FORCE)")
            }
            throw error
        }
        try await Blocking.run { try AdminSQL.execute(databaseURL: server, "DROP DATABASE \(name) WITH (FORCE)") }
    }

    /// Runs `body` with a store on a new migrated database, shutting both down afterwards.
    public static func withStore(
        _ configure: (inout CairnStore.Configuration) -> Void = { _ in },
        _ body: (CairnStore, String) async throws -> Void
    ) async throws {
        try await withEmptyDatabase { url in
            _ = try await Blocking.run { try Migrator.migrate(databaseURL: url, logger: Logger(label: "test")) }
            var configuration = CairnStore.Configuration(databaseURL: url)
            configure(&configuration)
            let store = try await CairnStore.connect(configuration: configuration)
            try await withCleanup {
                try await body(store, url)
            } cleanup: {
                await store.shutdown()
            }
        }
    }

    /// The first column of the first row of `sql`, as text.
    @discardableResult
    public static func scalar(_ url: String, _ sql: String) async throws -> String? {
        try await Blocking.run { try AdminSQL.execute(databaseURL: url, sql) }
    }

    public static func count(_ url: String, _ sql: String) async throws -> Int {
        Int(try await scalar(url, sql) ?? "") ?? -1
    }
}
