import CairnCore
import CairnS3
import Foundation
import NIOCore

/// The moto S3 servers `scripts/test` starts: `CAIRN_TEST_S3_ENDPOINT` accepts any credentials,
/// `CAIRN_TEST_S3_AUTH_ENDPOINT` checks them (`CAIRN_TEST_S3_AUTH_CREDENTIALS`: key, secret, token).
/// A missing variable fails the test (never a silent skip).
enum TestS3 {
    static func environment(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw CairnError(
                .unavailable, "\(name) is not set: run the suite with scripts/test, which starts moto_server")
        }
        return value
    }

    static var endpoint: String { get throws { try environment("CAIRN_TEST_S3_ENDPOINT") } }

    /// Any key works on the first server.
    static let anyCredentials = S3Credentials(accessKeyID: "cairn-test", secretAccessKey: "cairn-test")

    /// The assumed role's session credentials on the checking server.
    static var sessionCredentials: S3Credentials {
        get throws {
            let parts = try environment("CAIRN_TEST_S3_AUTH_CREDENTIALS").split(separator: " ").map(String.init)
            guard parts.count == 3 else {
                throw CairnError(.invalidArgument, "CAIRN_TEST_S3_AUTH_CREDENTIALS is not 'key secret token'")
            }
            return S3Credentials(accessKeyID: parts[0], secretAccessKey: parts[1], sessionToken: parts[2])
        }
    }

    static func configuration(endpoint: String) -> S3Client.Configuration {
        var configuration = S3Client.Configuration()
        configuration.endpoint = endpoint
        configuration.pathStyle = true
        configuration.partSize = 5 << 20
        return configuration
    }

    /// A new bucket name no other test uses.
    static func uniqueBucket() -> String {
        "cairn-test-\(UUID().uuidString.lowercased().prefix(13).replacingOccurrences(of: "-", with: ""))"
    }

    /// Runs `body` with a client and a new bucket on the first server; empties and deletes the
    /// bucket and shuts the client down afterwards.
    static func withBucket(
        _ configure: (inout S3Client.Configuration) -> Void = { _ in },
        credentials: S3Credentials = anyCredentials, endpoint: String? = nil,
        _ body: (S3Client, String) async throws -> Void
    ) async throws {
        var configuration = configuration(endpoint: try endpoint ?? Self.endpoint)
        configure(&configuration)
        let client = try S3Client(configuration: configuration, credentials: credentials)
        let bucket = uniqueBucket()
        do {
            try await client.createBucket(bucket)
            try await body(client, bucket)
            try await empty(bucket, client)
        } catch {
            try? await empty(bucket, client)
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    static func empty(_ bucket: String, _ client: S3Client) async throws {
        for try await object in client.allObjects(bucket: bucket) {
            try await client.deleteObject(bucket: bucket, key: object.key)
        }
        for upload in try await client.listMultipartUploads(bucket: bucket) {
            try await client.abortMultipartUpload(bucket: bucket, key: upload.key, uploadID: upload.uploadID)
        }
        try await client.deleteBucket(bucket)
    }

    /// Reads a whole object into an array.
    static func read(_ client: S3Client, _ bucket: String, _ key: String) async throws -> [UInt8] {
        Array(try await client.getObject(bucket: bucket, key: key).collect(upTo: 64 << 20).readableBytesView)
    }
}
