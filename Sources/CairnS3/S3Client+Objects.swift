import AsyncHTTPClient
import CairnCore
import Crypto
import Foundation
import NIOCore

/// What S3 says about a stored object.
public struct S3ObjectInfo: Sendable, Hashable {
    /// The object's size in bytes.
    public var size: Int
    /// The entity tag, quotes included, as S3 sends it.
    public var etag: String?
    /// When it was last written (`Last-Modified`), when the server said.
    public var lastModified: Date?
}

extension S3Client {
    /// Stores `bytes` as `key` in one PutObject, signed with the body's SHA-256; returns the ETag.
    @discardableResult
    public func putObject(bucket: String, key: String, bytes: ByteBuffer) async throws -> String? {
        let hash = SignatureV4.payloadHash(bytes)
        let request = S3Request(
            operation: "PutObject", method: .PUT, bucket: bucket, key: key, body: bytes, payloadHash: hash)
        return try await perform(request) { $0.headers.first(name: "etag") }
    }

    /// The object's size and ETag, or nil when there is no object `key`.
    public func headObject(bucket: String, key: String) async throws -> S3ObjectInfo? {
        let request = S3Request(operation: "HeadObject", method: .HEAD, bucket: bucket, key: key)
        do {
            return try await perform(request) { response in
                guard let length = response.headers.first(name: "content-length").flatMap({ Int($0) }) else {
                    throw CairnError(.internalError, "S3 HeadObject of \(request.target) answered without a size")
                }
                return S3ObjectInfo(
                    size: length, etag: response.headers.first(name: "etag"),
                    lastModified: response.headers.first(name: "last-modified").flatMap(S3Dates.parseHTTP))
            }
        } catch let error as CairnError where error.code == .notFound {
            return nil
        }
    }

    /// Deletes `key`; deleting a missing object succeeds, as in S3.
    public func deleteObject(bucket: String, key: String) async throws {
        let request = S3Request(operation: "DeleteObject", method: .DELETE, bucket: bucket, key: key)
        _ = try await send(request)
    }

    /// Opens `key` for reading, whole or the bytes in `range` (offsets of the first and last byte);
    /// the body arrives as it is read. A missing object is ``CairnError/Code/notFound``.
    public func getObject(bucket: String, key: String, range: ClosedRange<Int>? = nil) async throws -> S3ObjectBody {
        var request = S3Request(operation: "GetObject", method: .GET, bucket: bucket, key: key)
        if let range {
            guard range.lowerBound >= 0 else { throw CairnError.invalid("range", "must start at 0 or later") }
            request.headers.append(("range", "bytes=\(range.lowerBound)-\(range.upperBound)"))
        }
        let response = try await perform(request) { $0 }
        return S3ObjectBody(
            response: response, target: request.target,
            contentLength: response.headers.first(name: "content-length").flatMap { Int($0) },
            etag: response.headers.first(name: "etag"))
    }

    /// Creates `bucket` (tests and setup; a bucket that this account owns already is not an error).
    public func createBucket(_ bucket: String) async throws {
        try S3Location.validate(bucket: bucket)
        var request = S3Request(operation: "CreateBucket", method: .PUT, bucket: bucket, key: nil)
        if configuration.region != "us-east-1" {
            let body = ByteBuffer(
                string: "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<LocationConstraint>\(S3XML.escape(configuration.region))</LocationConstraint>"
                    + "</CreateBucketConfiguration>")
            request.payloadHash = SignatureV4.payloadHash(body)
            request.body = body
        }
        do {
            _ = try await send(request)
        } catch let error as CairnError where error.code == .alreadyExists && error.message.contains("OwnedByYou") {
            return
        }
    }

    /// Deletes the empty `bucket`.
    public func deleteBucket(_ bucket: String) async throws {
        _ = try await send(S3Request(operation: "DeleteBucket", method: .DELETE, bucket: bucket, key: nil))
    }
}
