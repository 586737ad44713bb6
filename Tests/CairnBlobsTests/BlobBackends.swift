import CairnBlobs
import CairnCore
import CairnS3
import Foundation
import Testing

/// A fresh store of each backend for a test, and a way to overwrite an object's stored bytes.
enum BlobBackends {
    typealias Damage = @Sendable (SHA256Digest, [UInt8]) async throws -> Void

    static func environment(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw CairnError(
                .unavailable, "\(name) is not set: run the suite with scripts/test, which starts moto_server")
        }
        return value
    }

    static func with(
        _ backend: BlobStoreContractTests.Backend, _ body: (any BlobStore, Damage) async throws -> Void
    ) async throws {
        switch backend {
        case .local:
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-blobs-\(UUID().uuidString)")
                .path
            defer { try? FileManager.default.removeItem(atPath: root) }
            let store = try LocalBlobStore(root: root)
            try await body(store) { digest, bytes in
                try Data(bytes).write(to: URL(fileURLWithPath: store.path(of: digest)))
            }
        case .s3:
            try await withS3Store { store, client, bucket in
                try await body(store) { digest, bytes in
                    try await client.putObject(bucket: bucket, key: store.key(of: digest), bytes: .init(bytes: bytes))
                }
            }
        }
    }

    /// An S3 store on a new bucket of the test server, under a prefix; the bucket is emptied and
    /// deleted afterwards.
    static func withS3Store(_ body: (S3BlobStore, S3Client, String) async throws -> Void) async throws {
        var client = S3Client.Configuration()
        client.endpoint = try environment("CAIRN_TEST_S3_ENDPOINT")
        client.pathStyle = true
        client.partSize = 5 << 20
        let credentials = S3Credentials(accessKeyID: "cairn-test", secretAccessKey: "cairn-test")
        let bucket = "cairn-blobs-\(UUID().uuidString.lowercased().prefix(8))"
        let admin = try S3Client(configuration: client, credentials: credentials)
        try await admin.createBucket(bucket)
        let store = try S3BlobStore(
            configuration: .init(location: try S3Location(bucket: bucket, prefix: "cache/blobs"), client: client),
            credentials: credentials)
        do {
            try await body(store, admin, bucket)
        } catch {
            await cleanUp(store, admin, bucket)
            throw error
        }
        await cleanUp(store, admin, bucket)
    }

    static func cleanUp(_ store: S3BlobStore, _ admin: S3Client, _ bucket: String) async {
        await store.shutdown()
        if let objects = try? await admin.allObjects(bucket: bucket).collected() {
            for object in objects { try? await admin.deleteObject(bucket: bucket, key: object.key) }
        }
        try? await admin.deleteBucket(bucket)
        try? await admin.shutdown()
    }
}

extension AsyncSequence {
    /// Every element, in order.
    fileprivate func collected() async throws -> [Element] {
        var elements: [Element] = []
        for try await element in self { elements.append(element) }
        return elements
    }
}

extension Array where Element: Sendable {
    /// An async sequence of the elements, for APIs that take one.
    var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}
