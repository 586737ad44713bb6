import CairnBlobs
import CairnCore
import Foundation
import Testing

/// The local blob store: content addressing, compression, and refusing objects that are missing,
/// corrupt or not its own.
@Suite struct LocalBlobStoreTests {
    static func withStore(_ body: (LocalBlobStore) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-blobs-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await body(try LocalBlobStore(root: root))
    }

    /// The code of the CairnError `body` throws; `nil` when it returns or throws something else.
    static func code(_ body: () async throws -> [UInt8]) async -> CairnError.Code? {
        do {
            _ = try await body()
            return nil
        } catch {
            return (error as? CairnError)?.code
        }
    }

    static let content = Array(String(repeating: "a compressible line of text\n", count: 4096).utf8)

    @Test func putThenGetRoundTripsAndStoresCompressed() async throws {
        try await Self.withStore { store in
            let reference = try await store.put(Self.content)
            #expect(reference.size == Int64(Self.content.count))
            #expect(reference.sha256 == SHA256Digest.of(Self.content))
            #expect(reference.uri == "file://" + store.path(of: reference.sha256))
            #expect(try await store.get(reference) == Self.content)
            #expect(try await store.exists(reference))
            let stored = try #require(FileManager.default.contents(atPath: store.path(of: reference.sha256)))
            #expect(stored.count < Self.content.count / 10)
            #expect(try Zlib.decompress(Array(stored)) == Self.content)
        }
    }

    @Test func theSameContentIsOneObject() async throws {
        try await Self.withStore { store in
            #expect(try await store.put(Self.content) == store.put(Self.content))
            let objects = try FileManager.default.subpathsOfDirectory(atPath: store.root).filter { $0.hasSuffix(".z") }
            #expect(objects.count == 1)
            #expect(!objects.contains { $0.contains(".tmp-") })
        }
    }

    /// The inode of the object at `path`: it changes only when the object is written anew.
    static func inode(_ path: String) throws -> UInt64 {
        try #require((try FileManager.default.attributesOfItem(atPath: path))[.systemFileNumber] as? UInt64)
    }

    @Test func aHealthyObjectIsReusedAndADamagedOneReplaced() async throws {
        try await Self.withStore { store in
            let reference = try await store.put(Self.content)
            let path = store.path(of: reference.sha256)
            let first = try Self.inode(path)
            #expect(try await store.put(Self.content) == reference)
            #expect(try Self.inode(path) == first, "a healthy object is reused, not written again")

            let compressed = try Zlib.compress(Self.content)
            let damages: [(String, [UInt8])] = [
                ("garbage", Array("garbage".utf8)),
                ("empty", []),
                ("truncated", Array(compressed.prefix(compressed.count / 2))),
                ("other content", try Zlib.compress(Array("other bytes".utf8))),
                ("longer content", try Zlib.compress(Self.content + [10])),
            ]
            for (damage, bytes) in damages {
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                let damaged = try Self.inode(path)
                #expect(try await store.put(Self.content) == reference, "\(damage)")
                #expect(try Self.inode(path) != damaged, "\(damage): the object is written anew")
                #expect(try await store.get(reference) == Self.content, "\(damage)")
            }
        }
    }

    @Test func missingCorruptAndForeignObjectsAreRefused() async throws {
        try await Self.withStore { store in
            let reference = try await store.put(Self.content)
            let path = store.path(of: reference.sha256)

            // Valid zlib of other bytes: the digest check catches it.
            try Data(Zlib.compress(Array("other bytes".utf8))).write(to: URL(fileURLWithPath: path))
            #expect(await Self.code { try await store.get(reference) } == .conflict)

            // Not zlib at all.
            try Data("garbage".utf8).write(to: URL(fileURLWithPath: path))
            #expect(await Self.code { try await store.get(reference) } == .conflict)

            #expect(try await store.delete(reference.sha256))
            #expect(try await !store.delete(reference.sha256))
            #expect(try await !store.exists(reference))
            #expect(await Self.code { try await store.get(reference) } == .notFound)

            let foreign = try BlobReference(uri: "file:///etc/passwd", size: 1, sha256: reference.sha256)
            #expect(await Self.code { try await store.get(foreign) } == .invalidArgument)
        }
    }
}
