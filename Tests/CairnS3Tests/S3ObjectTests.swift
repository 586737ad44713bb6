import CairnCore
import CairnS3
import Crypto
import NIOCore
import Testing

/// Put, head, get (whole, ranged), delete and listing against moto's S3 server.
@Suite struct S3ObjectTests {
    @Test func aSmallObjectRoundTrips() async throws {
        try await TestS3.withBucket { client, bucket in
            let key = "dir/a b+c=ü~.txt"
            let etag = try await client.putObject(bucket: bucket, key: key, bytes: ByteBuffer(string: "hello, S3"))
            #expect(etag != nil)
            let info = try #require(try await client.headObject(bucket: bucket, key: key))
            #expect(info.size == 9)
            #expect(info.etag == etag)
            #expect(try await TestS3.read(client, bucket, key) == Array("hello, S3".utf8))

            try await client.deleteObject(bucket: bucket, key: key)
            #expect(try await client.headObject(bucket: bucket, key: key) == nil)
            // Deleting what is gone succeeds, as in S3.
            try await client.deleteObject(bucket: bucket, key: key)
        }
    }

    @Test func aMissingObjectIsNotFoundWithTheS3CodeAndKey() async throws {
        try await TestS3.withBucket { client, bucket in
            let error = try await #require(throws: CairnError.self) {
                _ = try await client.getObject(bucket: bucket, key: "no/such/key")
            }
            #expect(error.code == .notFound)
            #expect(error.message.contains("NoSuchKey"))
            #expect(error.message.contains("HTTP 404"))
            #expect(error.message.contains("s3://\(bucket)/no/such/key"))
        }
    }

    @Test func anEmptyObjectRoundTrips() async throws {
        try await TestS3.withBucket { client, bucket in
            let result = try await client.upload(bucket: bucket, key: "empty", from: TestChunks(count: 0, size: 0))
            #expect(result.size == 0 && result.parts == 0)
            #expect(try await client.headObject(bucket: bucket, key: "empty")?.size == 0)
            #expect(try await TestS3.read(client, bucket, "empty") == [])
        }
    }

    @Test func aRangedReadReturnsOnlyThoseBytes() async throws {
        try await TestS3.withBucket { client, bucket in
            let bytes = TestChunks.chunk(3, size: 1000)
            try await client.putObject(bucket: bucket, key: "ranged", bytes: ByteBuffer(bytes: bytes))
            let body = try await client.getObject(bucket: bucket, key: "ranged", range: 100...199)
            #expect(body.contentLength == 100)
            #expect(Array(try await body.collect(upTo: 1 << 20).readableBytesView) == Array(bytes[100...199]))
        }
    }

    @Test func listingFollowsContinuationTokensPastOnePage() async throws {
        try await TestS3.withBucket { client, bucket in
            let keys = (0..<7).map { "list/object-\($0)" }
            for key in keys + ["other/object"] {
                try await client.putObject(bucket: bucket, key: key, bytes: ByteBuffer(string: key))
            }
            let first = try await client.listObjects(bucket: bucket, prefix: "list/", maxKeys: 3)
            #expect(first.objects.map(\.key) == Array(keys.prefix(3)))
            #expect(first.nextContinuationToken != nil)

            var listed: [S3ObjectSummary] = []
            for try await object in client.allObjects(bucket: bucket, prefix: "list/", pageSize: 3) {
                listed.append(object)
            }
            #expect(listed.map(\.key) == keys)
            #expect(listed.map(\.size) == keys.map(\.utf8.count))
        }
    }
}
