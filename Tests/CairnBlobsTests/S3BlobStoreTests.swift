import CairnBlobs
import CairnCore
import CairnS3
import Foundation
import Testing

/// What only the S3 store has: the positive-answer cache of `exists` and its keys and URIs.
@Suite(.timeLimit(.minutes(1))) struct S3BlobStoreTests {
    @Test func existsRemembersAPositiveAnswerForItsIntervalOnly() async throws {
        try await BlobBackends.withS3Store { store, client, bucket in
            let reference = try await store.put(Array("cached".utf8))
            #expect(reference.uri == "s3://\(bucket)/cache/blobs/\(reference.sha256.hex).z")
            #expect(try await store.exists(reference))
            // Deleted behind the store's back: within the interval (30 s) the cached answer stands.
            try await client.deleteObject(bucket: bucket, key: store.key(of: reference.sha256))
            #expect(try await store.exists(reference))

            var configuration = store.configuration
            configuration.existsCacheInterval = .zero
            let uncached = try S3BlobStore(
                configuration: configuration,
                credentials: S3Credentials(accessKeyID: "cairn-test", secretAccessKey: "cairn-test"))
            let answer = try await uncached.exists(reference)
            await uncached.shutdown()
            #expect(!answer)
            // A store's own delete forgets the answer at once.
            _ = try await store.put(Array("cached".utf8))
            #expect(try await store.delete(reference.sha256))
            #expect(try await !store.exists(reference))
        }
    }

    @Test func aReferenceOfAnotherStoreIsRefused() async throws {
        try await BlobBackends.withS3Store { store, _, _ in
            let digest = SHA256Digest.of(Array("x".utf8))
            let foreign = try BlobReference(uri: "s3://another-bucket/\(digest.hex).z", size: 1, sha256: digest)
            #expect(!store.owns(foreign.uri, digest: digest))
            await #expect(throws: CairnError.self) { _ = try await store.get(foreign) }
            await #expect(throws: CairnError.self) { _ = try await store.exists(foreign) }
        }
    }
}
