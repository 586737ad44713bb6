import CairnBlobs
import CairnCore
import CairnMaintenance
import CairnStore
import CairnTestSupport
import Foundation

/// A catalog with artifacts in several projects, domains and datasets, a blob directory, and
/// helpers to purge it and see what went.
struct PurgeFixture {
    let store: CairnStore
    let url: String
    let blobs: LocalBlobStore

    /// Runs `body` on a fresh catalog and an empty blob directory.
    static func with(_ body: (PurgeFixture) async throws -> Void) async throws {
        let root = "/tmp/cairn-purge-" + UUID().uuidString.prefix(8).lowercased()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await TestDatabase.withStore { store, url in
            try await body(PurgeFixture(store: store, url: url, blobs: try LocalBlobStore(root: root)))
        }
    }

    static func dataset(_ text: String) -> DatasetID { try! DatasetID(parsing: text) }

    /// Puts `size` inline bytes (and the given blobs) under `tag`; returns the artifact id.
    @discardableResult
    func put(
        _ dataset: String, _ tag: String, size: Int = 100, blobs: [BlobReference] = [], ttl: Duration? = nil
    ) async throws -> ArtifactID {
        let bytes = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        let result = try await store.put(
            Self.dataset(dataset), try TagName(tag), data: [try DataItem.inline("value", bytes)], ttl: ttl, blobs: blobs
        )
        return result.artifactID
    }

    /// Sets a column of an artifact to `now() - seconds` (created_at, last_hit_at, expires_at).
    func age(_ id: ArtifactID, _ column: String, secondsAgo: Int) async throws {
        try await TestDatabase.scalar(
            url, "UPDATE artifacts SET \(column) = now() - interval '\(secondsAgo) seconds' WHERE id = '\(id)'")
    }

    /// Every artifact id in the catalog.
    func ids() async throws -> Set<ArtifactID> {
        let text =
            try await TestDatabase.scalar(url, "SELECT coalesce(string_agg(id::text, ','), '') FROM artifacts") ?? ""
        return Set(try text.split(separator: ",").map { try ArtifactID(parsing: String($0)) })
    }

    /// Runs a purge (blob grace 0) and returns its summary and the ids it deleted.
    func purge(
        _ selection: PurgeSelection, dryRun: Bool = false, batchSize: Int = 3, grace: Duration = .zero
    ) async throws -> (summary: PurgeSummary, deleted: Set<ArtifactID>) {
        let before = try await ids()
        var configuration = Purger.Configuration()
        configuration.batchSize = batchSize
        var collection = BlobCollector.Configuration()
        collection.grace = grace
        let purger = Purger(
            configuration: configuration, collector: BlobCollector(store: blobs, configuration: collection))
        let url = self.url
        let summary = try await Blocking.run {
            try purger.run(selection, dryRun: dryRun, on: try MaintenanceConnection(databaseURL: url))
        }
        return (summary, before.subtracting(try await ids()))
    }

    /// A row count.
    func count(_ table: String) async throws -> Int {
        try await TestDatabase.count(url, "SELECT count(*) FROM \(table)")
    }
}
