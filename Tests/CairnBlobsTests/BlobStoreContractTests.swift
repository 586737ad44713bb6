import CairnBlobs
import CairnCore
import CairnS3
import Foundation
import Testing

/// The same contract over every backend: the local directory and S3 (the moto server `scripts/test`
/// starts; `CAIRN_TEST_S3_ENDPOINT`).
@Suite(.timeLimit(.minutes(2))) struct BlobStoreContractTests {
    enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case local, s3
        var testDescription: String { rawValue }
    }

    static let small = Array(String(repeating: "a compressible line of text\n", count: 4096).utf8)

    /// 13 MiB of random bytes: incompressible, so the S3 upload takes three 5 MiB parts.
    static let large: [UInt8] = {
        var generator = SystemRandomNumberGenerator()
        return (0..<(13 << 20) / 8).flatMap { _ in withUnsafeBytes(of: generator.next() as UInt64, Array.init) }
    }()

    static func code(_ body: () async throws -> Void) async -> CairnError.Code? {
        do {
            try await body()
            return nil
        } catch {
            return (error as? CairnError)?.code
        }
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cairn-contract-\(UUID().uuidString)").path
    }

    @Test(arguments: Backend.allCases) func smallAndMultipartValuesRoundTrip(_ backend: Backend) async throws {
        try await BlobBackends.with(backend) { store, _ in
            let reference = try await store.put(Self.small)
            #expect(reference.size == Int64(Self.small.count))
            #expect(reference.sha256 == SHA256Digest.of(Self.small))
            #expect(store.owns(reference.uri, digest: reference.sha256))
            #expect(try await store.get(reference) == Self.small)
            #expect(try await store.exists(reference))

            let source = Self.temporaryPath()
            let target = Self.temporaryPath()
            defer { for path in [source, target] { try? FileManager.default.removeItem(atPath: path) } }
            try Data(Self.large).write(to: URL(fileURLWithPath: source))
            let large = try await store.put(file: source)
            #expect(large.size == Int64(Self.large.count))
            #expect(large.sha256 == SHA256Digest.of(Self.large))
            try await store.get(large, into: target)
            #expect(FileManager.default.contents(atPath: target) == Data(Self.large))

            let pieces = stride(from: 0, to: Self.small.count, by: 1000).map {
                Array(Self.small[$0..<min($0 + 1000, Self.small.count)])
            }
            let chunked = try await store.put(chunks: pieces.async)
            #expect(chunked == reference)
        }
    }

    @Test(arguments: Backend.allCases) func missingIsNotFoundAndCorruptIsConflict(_ backend: Backend) async throws {
        try await BlobBackends.with(backend) { store, damage in
            let reference = try await store.put(Self.small)
            try await damage(reference.sha256, try Zlib.compress(Array("other bytes".utf8)))
            #expect(await Self.code { _ = try await store.get(reference) } == .conflict)
            try await damage(reference.sha256, Array("not zlib".utf8))
            #expect(await Self.code { _ = try await store.get(reference) } == .conflict)
            let target = Self.temporaryPath()
            defer { try? FileManager.default.removeItem(atPath: target) }
            #expect(await Self.code { try await store.get(reference, into: target) } == .conflict)
            // Content longer than the reference says is refused, not written on without end.
            try await damage(reference.sha256, try Zlib.compress(Self.small + Self.small))
            #expect(await Self.code { try await store.get(reference, into: target) } == .conflict)

            #expect(try await store.delete(reference.sha256))
            #expect(try await !store.delete(reference.sha256))
            #expect(try await !store.exists(reference))
            #expect(try await store.object(reference.sha256) == nil)
            #expect(await Self.code { _ = try await store.get(reference) } == .notFound)
            #expect(await Self.code { try await store.get(reference, into: target) } == .notFound)
        }
    }

    @Test(arguments: Backend.allCases) func identicalContentIsOneObjectAndTheListingPassesOnePage(
        _ backend: Backend
    ) async throws {
        try await BlobBackends.with(backend) { store, _ in
            #expect(try await store.put(Self.small) == store.put(Self.small))
            var listed: [ListedObject] = []
            for try await entry in store.list() { listed.append(entry) }
            #expect(listed.map(\.digest) == [SHA256Digest.of(Self.small)])

            // More objects than one page of S3's listing (1,000 keys).
            var expected: Set<SHA256Digest> = [SHA256Digest.of(Self.small)]
            try await withThrowingTaskGroup(of: SHA256Digest.self) { group in
                for index in 0..<1010 {
                    group.addTask { try await store.put(Array("value \(index)".utf8)).sha256 }
                    if index >= 32, let digest = try await group.next() { expected.insert(digest) }
                }
                for try await digest in group { expected.insert(digest) }
            }
            var digests: Set<SHA256Digest> = []
            var count = 0
            for try await entry in store.list() {
                count += 1
                if let digest = entry.digest { digests.insert(digest) }
            }
            #expect(count == 1011)
            #expect(digests == expected)
        }
    }
}
