import CairnCore
import CairnStore
import Foundation

/// Runs `body` with a private PostgreSQL cluster (not yet started) in a short temporary directory,
/// for tests that stop and start PostgreSQL, which they must never do to the shared test server.
/// Stops it and removes the directory afterwards. (Socket paths are limited to 107 bytes, hence /tmp.)
public func withEmbeddedPostgres(_ body: (EmbeddedPostgres) async throws -> Void) async throws {
    let directory = "/tmp/cairn-emb-" + UUID().uuidString.prefix(8).lowercased()
    let embedded = try EmbeddedPostgres(configuration: .init(directory: directory))
    do {
        try await body(embedded)
    } catch {
        _ = try? await Blocking.run { try embedded.stop() }
        try? FileManager.default.removeItem(atPath: directory)
        throw error
    }
    try await Blocking.run { try embedded.stop() }
    try FileManager.default.removeItem(atPath: directory)
}
