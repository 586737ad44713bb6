import CairnCore
import Foundation
import Logging
import Testing

@testable import CairnStore

/// A fresh, migrated database per test on the PostgreSQL that `scripts/test` starts
/// (`CAIRN_TEST_DATABASE_URL`), dropped afterwards.
enum TestDatabase {
    static var serverURL: String {
        get throws {
            try #require(
                ProcessInfo.processInfo.environment["CAIRN_TEST_DATABASE_URL"],
                "CAIRN_TEST_DATABASE_URL is not set: run the suite with scripts/test, which starts PostgreSQL")
        }
    }

    /// Runs `body` with the URL of a new empty database, dropping it afterwards.
    static func withEmptyDatabase(_ body: (String) async throws -> Void) async throws {
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
    static func withStore(
        _ configure: (inout CairnStore.Configuration) -> Void = { _ in },
        _ body: (CairnStore, String) async throws -> Void
    ) async throws {
        try await withEmptyDatabase { url in
            _ = try await Blocking.run { try Migrator.migrate(databaseURL: url, logger: Logger(label: "test")) }
            var configuration = CairnStore.Configuration(databaseURL: url)
            configure(&configuration)
            let store = try await CairnStore.connect(configuration: configuration)
            do {
                try await body(store, url)
            } catch {
                await store.shutdown()
                throw error
            }
            await store.shutdown()
        }
    }

    /// The first column of the first row of `sql`, as text.
    @discardableResult
    static func scalar(_ url: String, _ sql: String) async throws -> String? {
        try await Blocking.run { try AdminSQL.execute(databaseURL: url, sql) }
    }

    static func count(_ url: String, _ sql: String) async throws -> Int {
        Int(try await scalar(url, sql) ?? "") ?? -1
    }
}

/// Shorthands for building values in tests.
func dataset(_ name: String = "task-a", version: String = "v1", project: String = "proj", domain: String = "dev") throws
    -> DatasetID
{
    try DatasetID(project: project, domain: domain, name: name, version: version)
}

func tag(_ value: String) throws -> TagName { try TagName(value) }

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

func item(_ name: String, _ text: String) throws -> DataItem { try .inline(name, bytes(text)) }

func digest(_ text: String) -> SHA256Digest { .of(Array(text.utf8)) }

/// Expects `body` to throw a ``CairnError`` with `code`, and returns it.
@discardableResult
func expectCairnError<T>(
    _ code: CairnError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T
) async -> CairnError? {
    do {
        _ = try await body()
        Issue.record("expected a \(code) error, got success", sourceLocation: sourceLocation)
        return nil
    } catch let error as CairnError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected CairnError \(code), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
