import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One S3 call before signing: the operation's name (for errors), where it goes, and its body.
struct S3Request: Sendable {
    var operation: String
    var method: HTTPMethod
    var bucket: String
    var key: String?
    var query: [(name: String, value: String)] = []
    var headers: [(name: String, value: String)] = []
    /// The whole body, kept so that a retry can send it again.
    var body: ByteBuffer?
    var payloadHash = SignatureV4.emptyPayloadHash

    /// `s3://bucket/key` (or `s3://bucket`) for messages.
    var target: String { key.map { "s3://\(bucket)/\($0)" } ?? "s3://\(bucket)" }
}

extension S3Client {
    /// The request to send for `request`, signed now.
    func prepare(_ request: S3Request) -> HTTPClientRequest {
        let path = endpoint.encodedPath(bucket: request.bucket, key: request.key)
        var headers = request.headers
        headers.append(("host", endpoint.hostHeader(bucket: request.bucket)))
        let signed = signer.sign(
            SignatureV4.Request(
                method: request.method.rawValue, encodedPath: path, query: request.query, headers: headers,
                payloadHash: request.payloadHash),
            at: Date())
        var prepared = HTTPClientRequest(
            url: endpoint.url(
                bucket: request.bucket, encodedPath: path, query: SignatureV4.canonicalQuery(request.query)))
        prepared.method = request.method
        for (name, value) in signed { prepared.headers.add(name: name, value: value) }
        if let body = request.body {
            prepared.body = .bytes(body)
        } else if request.method == .PUT || request.method == .POST {
            prepared.headers.add(name: "content-length", value: "0")
        }
        return prepared
    }
}
