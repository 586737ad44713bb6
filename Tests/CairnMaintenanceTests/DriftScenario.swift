import CairnBlobs
import CairnCore
import CairnMaintenance
import CairnStore
import CairnTestSupport
import Foundation

/// A catalog and a blob store in a temporary directory with every kind of drift planted, and what
/// fsck should say about each.
struct DriftScenario {
    /// An hour ago, in whole seconds (so file times read back equal): past the default grace of 15 minutes.
    static let old = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 3600).rounded(.down))

    let blobs: LocalBlobStore
    /// Healthy: a blob item, a blob outside the store, inline bytes only.
    var healthyBlob: BlobReference
    var healthy: ArtifactID
    var foreign: ArtifactID
    var inline: ArtifactID
    /// The object was deleted; two artifacts in two datasets reference it.
    var missing: BlobReference
    var missingArtifacts: [ReferringArtifact] = []
    /// Overwritten with bytes that are not zlib data.
    var garbled: BlobReference
    var garbledArtifact: ReferringArtifact
    /// Overwritten with valid zlib data of other content of the same length.
    var swapped: BlobReference
    var swappedArtifact: ReferringArtifact
    /// Unreferenced objects and temporary files, past the grace and within it.
    var oldOrphan: String
    var youngOrphan: String
    var staleTemporary: String
    var freshTemporary: String

    /// Runs `body` with a fresh database, its store and a scenario planted in a new blob directory.
    static func with(_ body: (DriftScenario, CairnStore, String) async throws -> Void) async throws {
        try await TestDatabase.withStore { store, url in
            let directory = "/tmp/cairn-fsck-" + UUID().uuidString.prefix(8).lowercased()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let scenario = try await plant(store: store, blobs: try LocalBlobStore(root: directory))
            try await body(scenario, store, url)
        }
    }

    static func plant(store: CairnStore, blobs: LocalBlobStore) async throws -> DriftScenario {
        func put(_ dataset: String, _ tag: String, _ items: [DataItem], blobs: [BlobReference] = []) async throws
            -> ArtifactID
        {
            try await store.put(try DatasetID(parsing: dataset), try TagName(tag), data: items, blobs: blobs).artifactID
        }
        let healthyBlob = try await blobs.putOnThread(Array("healthy content".utf8))
        let healthy = try await put("proj/dev/healthy/v1", "ok", [try DataItem(name: "out", value: .blob(healthyBlob))])
        let elsewhere = try BlobReference(uri: "s3://bucket/key", size: 3, sha256: .of(Array("abc".utf8)))
        let foreign = try await put("proj/dev/foreign/v1", "ok", [try DataItem(name: "out", value: .blob(elsewhere))])
        let inline = try await put("proj/dev/inline/v1", "ok", [try .inline("out", Array("42".utf8))])

        let missing = try await blobs.putOnThread(Array("lost content".utf8))
        let lostItem = try await put("proj/dev/lost/v1", "a", [try DataItem(name: "out", value: .blob(missing))])
        _ = try await store.addTag(try DatasetID(parsing: "proj/dev/lost/v1"), try TagName("b"), artifact: lostItem)
        let lostDeclared = try await put("other/prod/lost/v2", "c", [try .inline("o", [1])], blobs: [missing])
        try FileManager.default.removeItem(atPath: blobs.path(of: missing.sha256))

        let garbled = try await blobs.putOnThread(Array("garbled content".utf8))
        let garbledID = try await put("proj/dev/garbled/v1", "g", [try DataItem(name: "out", value: .blob(garbled))])
        try Data("not zlib at all".utf8).write(to: URL(fileURLWithPath: blobs.path(of: garbled.sha256)))
        let swapped = try await blobs.putOnThread(Array("swapped content".utf8))
        let swappedID = try await put("proj/dev/swapped/v1", "s", [try DataItem(name: "out", value: .blob(swapped))])
        try Data(try Zlib.compress(Array("SWAPPED CONTENT".utf8))).write(
            to: URL(fileURLWithPath: blobs.path(of: swapped.sha256)))

        let oldOrphan = blobs.path(of: try await blobs.putOnThread(Array("old orphan".utf8)).sha256)
        let youngOrphan = blobs.path(of: try await blobs.putOnThread(Array("young orphan".utf8)).sha256)
        let shard = (oldOrphan as NSString).deletingLastPathComponent
        let staleTemporary = shard + "/.tmp-" + UUID().uuidString
        let freshTemporary = shard + "/.tmp-" + UUID().uuidString
        try Data("half a write".utf8).write(to: URL(fileURLWithPath: staleTemporary))
        try Data("a write".utf8).write(to: URL(fileURLWithPath: freshTemporary))
        try Data("left alone".utf8).write(to: URL(fileURLWithPath: blobs.root + "/README"))
        for path in [oldOrphan, staleTemporary] + [healthyBlob, garbled, swapped].map({ blobs.path(of: $0.sha256) }) {
            try setModified(path, old)
        }

        let lost = try DatasetID(parsing: "proj/dev/lost/v1")
        return DriftScenario(
            blobs: blobs, healthyBlob: healthyBlob, healthy: healthy, foreign: foreign, inline: inline,
            missing: missing,
            missingArtifacts: [
                ReferringArtifact(id: lostItem, dataset: lost, tags: ["a", "b"]),
                ReferringArtifact(id: lostDeclared, dataset: try DatasetID(parsing: "other/prod/lost/v2"), tags: ["c"]),
            ].sorted { $0.id < $1.id },
            garbled: garbled,
            garbledArtifact: ReferringArtifact(
                id: garbledID, dataset: try DatasetID(parsing: "proj/dev/garbled/v1"), tags: ["g"]),
            swapped: swapped,
            swappedArtifact: ReferringArtifact(
                id: swappedID, dataset: try DatasetID(parsing: "proj/dev/swapped/v1"), tags: ["s"]),
            oldOrphan: oldOrphan, youngOrphan: youngOrphan, staleTemporary: staleTemporary,
            freshTemporary: freshTemporary)
    }

    static func setModified(_ path: String, _ date: Date) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
    }

    /// Runs fsck on a connection of its own, on a thread of its own.
    func fsck(_ url: String, configure: (inout Fsck.Configuration) -> Void = { _ in }) async throws -> Fsck.Report {
        var configuration = Fsck.Configuration()
        configure(&configuration)
        let fsck = Fsck(store: blobs, configuration: configuration)
        return try await Blocking.run { try fsck.run(on: try MaintenanceConnection(databaseURL: url)) }
    }

    /// Every file under the store with its size and modification time.
    func files() throws -> [String: String] { try storeFiles(blobs.root) }
}

/// Every file (not directory) under `root`, by relative path, with its size and modification time.
func storeFiles(_ root: String) throws -> [String: String] {
    var files: [String: String] = [:]
    for path in try FileManager.default.subpathsOfDirectory(atPath: root) {
        let attributes = try FileManager.default.attributesOfItem(atPath: root + "/" + path)
        if attributes[.type] as? FileAttributeType == .typeDirectory { continue }
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        files[path] = "\(attributes[.size] ?? "?") bytes at \(modified)"
    }
    return files
}
