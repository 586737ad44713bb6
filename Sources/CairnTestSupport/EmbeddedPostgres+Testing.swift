import CairnCore
import CairnStore
import Foundation
import Logging

/// Runs `body` with a private PostgreSQL cluster (not yet started) in a short temporary directory,
/// for tests that stop and start PostgreSQL, which they must never do to the shared test server.
/// Stops it and removes the directory afterwards. (Socket paths are limited to 107 bytes, hence /tmp.)
public func withEmbeddedPostgres(_ body: (EmbeddedPostgres) async throws -> Void) async throws {
    let directory = "/tmp/cairn-emb-" + UUID().uuidString.prefix(8).lowercased()
    let embedded = try EmbeddedPostgres(configuration: .init(directory: directory))
    do {
        try await body(embedded)
    } catch {
        _ = try? await Blocking.run {
            try embedded.stop()
            try FileManager.default.removeItem(atPath: directory)
        }
        throw error
    }
    // A cluster is a thousand files: removed on a thread of its own, not a cooperative one.
    try await Blocking.run {
        try embedded.stop()
        try FileManager.default.removeItem(atPath: directory)
    }
}

/// ``withEmbeddedPostgres(_:)`` with the cluster started, migrated and a store of two connections
/// open on it; the store is shut down afterwards, whatever `body` does. `configure` may change the
/// store's configuration (its timeouts, say) before it connects.
public func withEmbeddedStore(
    configure: (inout CairnStore.Configuration) -> Void = { _ in },
    _ body: (EmbeddedPostgres, CairnStore) async throws -> Void
) async throws {
    try await withEmbeddedPostgres { embedded in
        try await Blocking.run { try embedded.start() }
        let url = embedded.databaseURL
        try await Blocking.run { _ = try Migrator.migrate(databaseURL: url, logger: Logger(label: "test")) }
        var configuration = CairnStore.Configuration(databaseURL: url)
        configuration.connections = 2
        configure(&configuration)
        let store = try await CairnStore.connect(configuration: configuration)
        try await withCleanup {
            try await body(embedded, store)
        } cleanup: {
            await store.shutdown()
        }
    }
}
