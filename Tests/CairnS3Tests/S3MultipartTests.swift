import CairnCore
import CairnS3
import Crypto
import NIOCore
import Testing

/// Multipart uploads from an async sequence of chunks, against moto's S3 server.
@Suite struct S3MultipartTests {
    @Test func aLargeObjectIsUploadedInParallelPartsAndReadsBackIntact() async throws {
        try await TestS3.withBucket({ $0.partsInFlight = 3 }) { client, bucket in
            // 1 MiB chunks: 3 parts of 5 MiB and a tail of 123,457 bytes.
            let chunks = TestChunks(count: 15, size: 1 << 20, tail: 123_457)
            let (digest, size) = chunks.digest
            let result = try await client.upload(bucket: bucket, key: "big/object", from: chunks)
            #expect(result.parts == 4)
            #expect(result.size == size)
            #expect(try await client.headObject(bucket: bucket, key: "big/object")?.size == size)

            var hasher = SHA256()
            var read = 0
            for try await chunk in try await client.getObject(bucket: bucket, key: "big/object") {
                chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
                read += chunk.readableBytes
            }
            #expect(read == size)
            #expect(hasher.finalize() == digest)
            #expect(try await client.listMultipartUploads(bucket: bucket).isEmpty)
        }
    }

    @Test func anObjectOfOnePartIsOnePut() async throws {
        try await TestS3.withBucket { client, bucket in
            let chunks = TestChunks(count: 5, size: 1 << 20)
            let result = try await client.upload(bucket: bucket, key: "one-part", from: chunks)
            #expect(result.parts == 0)
            #expect(result.size == 5 << 20)
            #expect(try await TestS3.read(client, bucket, "one-part").count == 5 << 20)
        }
    }

    @Test func aFailureMidUploadAbortsSoNoPartIsLeft() async throws {
        try await TestS3.withBucket({ $0.partsInFlight = 2 }) { client, bucket in
            // Two parts are uploaded or in flight when the source fails at its 13th chunk.
            let chunks = TestChunks(count: 20, size: 1 << 20, failAt: 12)
            await #expect(throws: TestChunks.SourceFailure.self) {
                try await client.upload(bucket: bucket, key: "failed/object", from: chunks)
            }
            let uploads = try await client.listMultipartUploads(bucket: bucket)
            #expect(uploads.isEmpty)
            let object = try await client.headObject(bucket: bucket, key: "failed/object")
            #expect(object == nil)
        }
    }

    @Test(.timeLimit(.minutes(2))) func aCancelledUploadIsAbortedToo() async throws {
        try await TestS3.withBucket { client, bucket in
            let upload = Task {
                try await client.upload(
                    bucket: bucket, key: "cancelled",
                    from: TestChunks(count: 400, size: 1 << 20, delay: .milliseconds(10)))
            }
            // Cancel once the upload has started (its first parts exist on the server).
            while try await client.listMultipartUploads(bucket: bucket).isEmpty {
                try await Task.sleep(for: .milliseconds(20))
            }
            upload.cancel()
            await #expect(throws: (any Error).self) { try await upload.value }
            let uploads = try await client.listMultipartUploads(bucket: bucket)
            #expect(uploads.isEmpty)
        }
    }
}
