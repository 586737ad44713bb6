import CairnCore
import NIOCore

/// A multipart upload that was started and neither completed nor aborted.
public struct S3MultipartUpload: Sendable, Hashable {
    /// The key the upload is for.
    public var key: String
    /// The upload's ID.
    public var uploadID: String
}

extension S3Client {
    /// Starts a multipart upload of `key` and returns its upload ID.
    public func createMultipartUpload(bucket: String, key: String) async throws -> String {
        let request = S3Request(
            operation: "CreateMultipartUpload", method: .POST, bucket: bucket, key: key, query: [("uploads", "")])
        let root = try S3XML.parse(try await send(request))
        guard let uploadID = root.text("UploadId"), !uploadID.isEmpty else {
            throw CairnError(
                .internalError, "S3 CreateMultipartUpload of \(request.target) answered without an UploadId")
        }
        return uploadID
    }

    /// Uploads part `partNumber` (1 to 10000) of an upload, signed with its SHA-256; returns its ETag.
    public func uploadPart(
        bucket: String, key: String, uploadID: String, partNumber: Int, bytes: ByteBuffer
    ) async throws -> String {
        let request = S3Request(
            operation: "UploadPart", method: .PUT, bucket: bucket, key: key,
            query: [("partNumber", "\(partNumber)"), ("uploadId", uploadID)], body: bytes,
            payloadHash: SignatureV4.payloadHash(bytes))
        return try await perform(request) { response in
            guard let etag = response.headers.first(name: "etag") else {
                throw CairnError(
                    .internalError, "S3 UploadPart \(partNumber) of \(request.target) answered without an ETag")
            }
            return etag
        }
    }

    /// Joins the uploaded parts (number and ETag, in order) into the object; returns its ETag.
    @discardableResult
    public func completeMultipartUpload(
        bucket: String, key: String, uploadID: String, parts: [(number: Int, etag: String)]
    ) async throws -> String? {
        var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for part in parts {
            xml += "<Part><PartNumber>\(part.number)</PartNumber><ETag>\(S3XML.escape(part.etag))</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        let body = ByteBuffer(string: xml)
        let request = S3Request(
            operation: "CompleteMultipartUpload", method: .POST, bucket: bucket, key: key,
            query: [("uploadId", uploadID)], body: body, payloadHash: SignatureV4.payloadHash(body))
        let root = try S3XML.parse(try await send(request))
        // S3 may answer 200 and still fail: the error is then the body.
        if root.name == "Error" {
            let failure = S3Failure(status: 200, code: root.text("Code"), message: root.text("Message"))
            throw failure.error(request: request, endpoint: endpointDescription, attempts: 1)
        }
        return root.text("ETag")
    }

    /// Abandons an upload and frees its parts.
    public func abortMultipartUpload(bucket: String, key: String, uploadID: String) async throws {
        let request = S3Request(
            operation: "AbortMultipartUpload", method: .DELETE, bucket: bucket, key: key,
            query: [("uploadId", uploadID)])
        _ = try await send(request)
    }

    /// The uploads under `prefix` that are neither completed nor aborted (the first 1000).
    public func listMultipartUploads(bucket: String, prefix: String = "") async throws -> [S3MultipartUpload] {
        var query: [(name: String, value: String)] = [("uploads", "")]
        if !prefix.isEmpty { query.append(("prefix", prefix)) }
        let request = S3Request(
            operation: "ListMultipartUploads", method: .GET, bucket: bucket, key: nil, query: query)
        let root = try S3XML.parse(try await send(request))
        return root.children("Upload").compactMap { upload in
            guard let key = upload.text("Key"), let id = upload.text("UploadId") else { return nil }
            return S3MultipartUpload(key: key, uploadID: id)
        }
    }
}
