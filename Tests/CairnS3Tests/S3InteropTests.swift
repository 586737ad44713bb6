import CairnCore
import CairnS3
import CairnStore
import Foundation
import NIOCore
import Testing

/// awscli, a client no one here wrote, reads what this client wrote and the other way round,
/// single and multipart objects alike.
@Suite struct S3InteropTests {
    /// Runs `aws --endpoint-url … <arguments>` off the cooperative pool; fails with its output.
    func aws(_ endpoint: String, _ arguments: [String]) async throws -> String {
        let environment = [
            "AWS_ACCESS_KEY_ID=cairn-test", "AWS_SECRET_ACCESS_KEY=cairn-test", "AWS_DEFAULT_REGION=us-east-1",
            "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
        ]
        let output = try await Blocking.run {
            try ProcessRunner.run("/usr/bin/env", environment + ["aws", "--endpoint-url", endpoint] + arguments)
        }
        guard output.status == 0 else {
            throw CairnError(.internalError, "aws \(arguments.joined(separator: " ")) failed: \(output.text)")
        }
        return output.text
    }

    func withDirectory(_ body: (URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-s3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(directory)
    }

    @Test func awscliReadsWhatThisClientWrote() async throws {
        let endpoint = try TestS3.endpoint
        try await TestS3.withBucket { client, bucket in
            try await withDirectory { directory in
                // Characters S3 encodes in the path: awscli must find the object under the same key.
                let smallKey = "ours/a b+c=ü~$&.txt"
                let small = TestChunks.chunk(1, size: 1000)
                try await client.putObject(bucket: bucket, key: smallKey, bytes: ByteBuffer(bytes: small))
                let large = TestChunks(count: 11, size: 1 << 20, tail: 777)
                #expect(try await client.upload(bucket: bucket, key: "ours/large", from: large).parts == 3)

                let smallFile = directory.appendingPathComponent("small").path
                let largeFile = directory.appendingPathComponent("large").path
                _ = try await aws(
                    endpoint, ["s3api", "get-object", "--bucket", bucket, "--key", smallKey, smallFile])
                _ = try await aws(endpoint, ["s3", "cp", "s3://\(bucket)/ours/large", largeFile])
                #expect(FileManager.default.contents(atPath: smallFile).map(Array.init) == small)
                var expected: [UInt8] = []
                for try await chunk in large { expected += chunk }
                #expect(FileManager.default.contents(atPath: largeFile).map(Array.init) == expected)
            }
        }
    }

    @Test func thisClientReadsWhatAwscliWrote() async throws {
        let endpoint = try TestS3.endpoint
        try await TestS3.withBucket { client, bucket in
            try await withDirectory { directory in
                // 9 MiB: past awscli's 8 MiB multipart threshold, so it uploads in parts.
                var bytes: [UInt8] = []
                for index in 0..<9 { bytes += TestChunks.chunk(index, size: 1 << 20) }
                let file = directory.appendingPathComponent("upload")
                try Data(bytes).write(to: file)
                _ = try await aws(endpoint, ["s3", "cp", file.path, "s3://\(bucket)/theirs/large"])
                _ = try await aws(
                    endpoint, ["s3api", "put-object", "--bucket", bucket, "--key", "theirs/small", "--body", file.path])

                let info = try #require(try await client.headObject(bucket: bucket, key: "theirs/large"))
                #expect(info.size == bytes.count)
                #expect(info.etag?.contains("-") == true)  // a multipart ETag: "<md5 of md5s>-<parts>"
                #expect(try await TestS3.read(client, bucket, "theirs/large") == bytes)
                #expect(try await TestS3.read(client, bucket, "theirs/small") == bytes)
                let listing = try await aws(endpoint, ["s3", "ls", "s3://\(bucket)/theirs/"])
                #expect(listing.contains("large") && listing.contains("small"))
            }
        }
    }
}
