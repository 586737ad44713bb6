import CairnCore
import CairnS3
import Foundation
import NIOCore

/// A blob store in an S3 bucket: each object is the zlib-compressed content at
/// `<prefix><sha256 hex>.z`, as the local store compresses it. URIs are `s3://bucket/<key>`.
///
/// A put always uploads, even when the object exists: the upload refreshes its last-modified time,
/// which the collector's grace period reads (as the local store touches a reused file), so a
/// reference about to be written cannot lose its object to a collection in between. Content is
/// streamed through temporary files, so a large value is never whole in memory.
public struct S3BlobStore: BlobStore {
    /// Where the objects are and how they are read and written.
    public struct Configuration: Sendable {
        /// The bucket and key prefix.
        public var location: S3Location
        /// The endpoint, region, addressing and request limits.
        public var client: S3Client.Configuration
        /// zlib level (0...9) for new objects.
        public var compressionLevel: Int32 = 6
        /// How long a positive ``S3BlobStore/exists(_:)`` answer is reused without asking S3 again.
        public var existsCacheInterval: Duration = .seconds(30)
        /// Where objects are staged on their way in and out.
        public var temporaryDirectory = NSTemporaryDirectory()

        public init(location: S3Location, client: S3Client.Configuration = S3Client.Configuration()) {
            self.location = location
            self.client = client
        }

        /// Checks every value against its range, naming the field in the error.
        public func validate() throws {
            try client.validate()
            guard (0...9).contains(compressionLevel) else {
                throw CairnError.invalid("compression-level", "must be 0 to 9, got \(compressionLevel)")
            }
            guard existsCacheInterval >= .zero else {
                throw CairnError.invalid("s3-exists-cache", "must not be negative")
            }
        }
    }

    public let configuration: Configuration
    let client: S3Client
    let existing: ExistsCache

    /// A store on `configuration.location`, signing with `credentials`.
    public init(configuration: Configuration, credentials: S3Credentials) throws {
        try configuration.validate()
        self.configuration = configuration
        self.client = try S3Client(configuration: configuration.client, credentials: credentials)
        self.existing = ExistsCache(interval: configuration.existsCacheInterval)
    }

    var bucket: String { configuration.location.bucket }

    public var description: String { configuration.location.description }

    /// The key of the object holding content with `digest`.
    public func key(of digest: SHA256Digest) -> String { configuration.location.key(digest.hex + ".z") }

    public func uri(of digest: SHA256Digest) -> String { "s3://\(bucket)/\(key(of: digest))" }

    public func owns(_ uri: String, digest: SHA256Digest) -> Bool { uri == self.uri(of: digest) }

    public func shutdown() async { try? await client.shutdown() }

    public func exists(_ reference: BlobReference) async throws -> Bool {
        try checkOwned(reference)
        if existing.contains(reference.sha256) { return true }
        guard try await client.headObject(bucket: bucket, key: key(of: reference.sha256)) != nil else { return false }
        existing.insert(reference.sha256)
        return true
    }

    public func object(_ digest: SHA256Digest) async throws -> StoredObject? {
        guard let info = try await client.headObject(bucket: bucket, key: key(of: digest)) else { return nil }
        // Without a date the object counts as just written: kept for a grace period, never deleted early.
        return StoredObject(storedSize: Int64(info.size), modified: info.lastModified ?? Date())
    }

    @discardableResult
    public func delete(_ digest: SHA256Digest) async throws -> Bool {
        existing.remove(digest)
        guard try await client.headObject(bucket: bucket, key: key(of: digest)) != nil else { return false }
        try await client.deleteObject(bucket: bucket, key: key(of: digest))
        existing.remove(digest)
        return true
    }

    public func list() -> AsyncThrowingStream<ListedObject, any Error> {
        let listing = client.allObjects(bucket: bucket, prefix: configuration.location.prefix)
        let prefix = configuration.location.prefix
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ListedObject.self)
        let task = Task {
            do {
                for try await summary in listing {
                    let name = summary.key.dropFirst(prefix.count)
                    let digest =
                        name.hasSuffix(".z") && name.utf8.count == 66
                        ? try? SHA256Digest(hex: String(name.dropLast(2))) : nil
                    continuation.yield(
                        ListedObject(
                            name: summary.key, digest: digest.flatMap { key(of: $0) == summary.key ? $0 : nil },
                            object: StoredObject(
                                storedSize: Int64(summary.size), modified: summary.lastModified ?? Date())))
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// A reference of another store (another bucket, a local file) cannot be read here.
    func checkOwned(_ reference: BlobReference) throws {
        guard owns(reference.uri, digest: reference.sha256) else {
            throw CairnError.invalid("blob uri", "\(reference.uri) is not an object of the blob store \(description)")
        }
    }
}
