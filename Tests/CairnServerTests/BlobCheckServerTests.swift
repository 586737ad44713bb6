import CairnBlobs
import CairnCore
import CairnProtocol
import CairnServer
import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// `CACHE.GET` and `CACHE.MGET` with the blob check: a store hit whose object in the local blob
/// store is gone answers null and loses its row; other hits, and everything with the check off, are
/// answered as before.
@Suite struct BlobCheckServerTests {
    /// A local blob store in a temporary directory, removed afterwards.
    func withBlobStore(_ body: (LocalBlobStore) async throws -> Void) async throws {
        let root = NSTemporaryDirectory() + "cairn-blobcheck-" + UUID().uuidString.prefix(8).lowercased()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await body(try LocalBlobStore(root: root))
    }

    /// A server with the check `on` (or off) over `blobs`, the hot cache on or off, on a fresh
    /// database; `body` gets the port, the server and the database URL.
    func withServer(
        _ blobs: LocalBlobStore, check: Bool = true, hotCache: Bool = false,
        _ body: (Int, CatalogServer, String) async throws -> Void
    ) async throws {
        try await TestDatabase.withStore { store, url in
            try await withCatalogServer(
                on: store,
                configure: {
                    $0.blobStore = blobs
                    $0.blobCheck = check ? .exists : .off
                    if !hotCache { $0.hotCache.maxBytes = 0 }
                }
            ) { port, server in try await body(port, server, url) }
        }
    }

    /// `CACHE.PUT p/d/n/v <tag>` referencing `reference` as a blob item; returns the artifact id.
    func put(_ port: Int, _ tag: String, _ reference: BlobReference) async throws -> String {
        let reply = try await command(
            port, "CACHE.PUT", "p/d/n/v", tag, "BLOB", reference.uri, "\(reference.size)", reference.sha256.hex,
            "DATA", "o0", "small")
        return try #require(reply.elements?.first?.text, "\(reply)")
    }

    func get(_ port: Int, _ tag: String) async throws -> RESPValue {
        try await command(port, "CACHE.GET", "p/d/n/v", tag)
    }

    func rows(_ url: String, _ id: String) async throws -> Int {
        try await TestDatabase.count(url, "SELECT count(*) FROM artifacts WHERE id = '\(id)'")
    }

    @Test func aHitWhoseObjectIsGoneAnswersNullAndItsArtifactIsDeleted() async throws {
        try await withBlobStore { blobs in
            let reference = try await blobs.putOnThread(Array(repeating: 7, count: 4096))
            try await withServer(blobs) { port, server, url in
                let id = try await put(port, "t", reference)
                #expect(try await get(port, "t").elements?.first?.text == id)
                #expect(server.stats.value(.storeHits) == 1)
                #expect(unlink(blobs.path(of: reference.sha256)) == 0)
                #expect(try await get(port, "t") == .null)
                #expect(server.stats.value(.blobMissing) == 1)
                #expect(server.stats.value(.misses) == 1)
                #expect(server.stats.value(.storeHits) == 1)
                let deleted = try await eventually { try await rows(url, id) == 0 }
                #expect(deleted)
                #expect(try await get(port, "t") == .null)
                #expect(server.stats.value(.blobMissing) == 1)
                let info = try await command(port, "INFO", "stats", "store").text ?? ""
                #expect(info.contains("total_blob_missing:1\r\n"), "\(info)")
                #expect(info.contains("blob_check:exists \(blobs.root)\r\n"), "\(info)")
                #expect(server.prometheusText().contains("cairn_blob_missing_total 1\n"))
            }
        }
    }

    @Test func withTheCheckOffAHitWhoseObjectIsGoneIsStillAHit() async throws {
        try await withBlobStore { blobs in
            let reference = try await blobs.putOnThread(Array(repeating: 7, count: 4096))
            try await withServer(blobs, check: false) { port, server, url in
                let id = try await put(port, "t", reference)
                #expect(unlink(blobs.path(of: reference.sha256)) == 0)
                #expect(try await get(port, "t").elements?.first?.text == id)
                #expect(server.stats.value(.blobMissing) == 0)
                #expect(try await rows(url, id) == 1)
            }
        }
    }

    @Test func aBlobDirectoryGoneAsAWholeIsNotTakenForMissingObjects() async throws {
        try await withBlobStore { blobs in
            let reference = try await blobs.putOnThread(Array(repeating: 7, count: 4096))
            try await withServer(blobs) { port, server, url in
                let id = try await put(port, "t", reference)
                try FileManager.default.removeItem(atPath: blobs.root)
                #expect(try await get(port, "t").elements?.first?.text == id)
                #expect(try await get(port, "t").elements?.first?.text == id)
                #expect(server.stats.value(.blobMissing) == 0)
                #expect(try await rows(url, id) == 1)
            }
        }
    }

    @Test func blobsOfOtherStoresAreNotChecked() async throws {
        try await withBlobStore { blobs in
            let elsewhere = try BlobReference(
                uri: "file:///nowhere/ab/\(String(repeating: "ab", count: 32)).z", size: 3,
                sha256: try SHA256Digest(hex: String(repeating: "ab", count: 32)))
            try await withServer(blobs) { port, server, url in
                let id = try await put(port, "t", elsewhere)
                #expect(try await get(port, "t").elements?.first?.text == id)
                #expect(server.stats.value(.blobMissing) == 0)
                #expect(try await rows(url, id) == 1)
            }
        }
    }

    @Test func hotHitsAreNotCheckedAgainAndAMissingObjectIsNeverCached() async throws {
        try await withBlobStore { blobs in
            let reference = try await blobs.putOnThread(Array(repeating: 7, count: 4096))
            try await withServer(blobs, hotCache: true) { port, server, _ in
                let id = try await put(port, "t", reference)
                #expect(try await get(port, "t").elements?.first?.text == id)
                #expect(server.hotCache.statistics.entries == 1)
                #expect(unlink(blobs.path(of: reference.sha256)) == 0)
                #expect(try await get(port, "t").elements?.first?.text == id)
                #expect(server.stats.value(.hotHits) == 1)
                server.hotCache.invalidate(artifacts: [try ArtifactID(parsing: id)])
                #expect(try await get(port, "t") == .null)
                #expect(server.hotCache.statistics.entries == 0)
                #expect(server.stats.value(.blobMissing) == 1)
            }
        }
    }

    @Test func mgetAnswersNullOnlyForTheKeyWhoseObjectIsGone() async throws {
        try await withBlobStore { blobs in
            let kept = try await blobs.putOnThread(Array(repeating: 1, count: 100))
            let lost = try await blobs.putOnThread(Array(repeating: 2, count: 100))
            try await withServer(blobs) { port, server, url in
                let keptID = try await put(port, "kept", kept)
                let lostID = try await put(port, "lost", lost)
                #expect(unlink(blobs.path(of: lost.sha256)) == 0)
                let reply = try await command(port, "CACHE.MGET", "p/d/n/v", "lost", "p/d/n/v", "kept")
                let parts = try #require(reply.elements, "\(reply)")
                #expect(parts.count == 2)
                #expect(parts.first == .null)
                #expect(parts.last?.elements?.first?.text == keptID)
                #expect(server.stats.value(.blobMissing) == 1)
                let deleted = try await eventually { try await rows(url, lostID) == 0 }
                #expect(deleted)
                #expect(try await rows(url, keptID) == 1)
            }
        }
    }
}
