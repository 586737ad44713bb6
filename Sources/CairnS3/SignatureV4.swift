import Crypto
import Foundation
import NIOCore

/// AWS Signature Version 4 for S3 (`AWS4-HMAC-SHA256` in the `Authorization` header), on swift-crypto.
///
/// The canonical request is built from exactly the encoded path and query the request is sent with,
/// so what is signed is what goes on the wire.
public struct SignatureV4: Sendable {
    /// The `x-amz-content-sha256` value of a body that is not hashed (allowed over TLS by S3).
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// The SHA-256 of an empty body, the payload hash of every request without one.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The keys to sign with.
    public var credentials: S3Credentials
    /// The region in the credential scope, e.g. `us-east-1`.
    public var region: String
    /// The service in the credential scope: `s3`.
    public var service: String

    public init(credentials: S3Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// One request to sign: method, the encoded path (``S3URIEncoding/encodePath(_:)``), the query
    /// pairs unencoded, and the headers to send (`host` among them).
    public struct Request: Sendable {
        public var method: String
        public var encodedPath: String
        public var query: [(name: String, value: String)]
        public var headers: [(name: String, value: String)]
        /// The hex SHA-256 of the body, or ``SignatureV4/unsignedPayload``.
        public var payloadHash: String

        public init(
            method: String, encodedPath: String, query: [(name: String, value: String)] = [],
            headers: [(name: String, value: String)], payloadHash: String
        ) {
            self.method = method
            self.encodedPath = encodedPath
            self.query = query
            self.headers = headers
            self.payloadHash = payloadHash
        }
    }

    /// `request`'s headers plus `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token` (with a
    /// session token) and `authorization`, signed at `date`.
    public func sign(_ request: Request, at date: Date) -> [(name: String, value: String)] {
        let stamp = Self.timestamp(date)
        var headers = request.headers
        headers.append(("x-amz-date", stamp.dateTime))
        headers.append(("x-amz-content-sha256", request.payloadHash))
        if let token = credentials.sessionToken { headers.append(("x-amz-security-token", token)) }
        var signed = request
        signed.headers = headers
        let canonical = Self.canonicalRequest(signed)
        let scope = "\(stamp.day)/\(region)/\(service)/aws4_request"
        let toSign = Self.stringToSign(canonicalRequest: canonical.text, dateTime: stamp.dateTime, scope: scope)
        let signature = Self.hex(
            HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8), using: signingKey(day: stamp.day)))
        headers.append(
            (
                "authorization",
                "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope),"
                    + "SignedHeaders=\(canonical.signedHeaders),Signature=\(signature)"
            ))
        return headers
    }

    /// The canonical request's text and its `SignedHeaders` list (every header of the request).
    static func canonicalRequest(_ request: Request) -> (text: String, signedHeaders: String) {
        var byName: [String: [String]] = [:]
        for (name, value) in request.headers {
            byName[name.lowercased(), default: []].append(normalize(value))
        }
        let names = byName.keys.sorted()
        let headerLines = names.map { "\($0):\(byName[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let text = [
            request.method, request.encodedPath, canonicalQuery(request.query), headerLines, signedHeaders,
            request.payloadHash,
        ].joined(separator: "\n")
        return (text, signedHeaders)
    }

    /// The query string, sorted by encoded name then value, each part encoded; also the one sent.
    static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        let encoded: [(name: String, value: String)] = query.map {
            (S3URIEncoding.encode($0.name), S3URIEncoding.encode($0.value))
        }
        let sorted = encoded.sorted { left, right in
            left.name == right.name ? left.value < right.value : left.name < right.name
        }
        return sorted.map { pair in pair.name + "=" + pair.value }.joined(separator: "&")
    }

    static func stringToSign(canonicalRequest: String, dateTime: String, scope: String) -> String {
        "AWS4-HMAC-SHA256\n\(dateTime)\n\(scope)\n\(hex(SHA256.hash(data: Data(canonicalRequest.utf8))))"
    }

    func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }

    /// Trims a header value and collapses runs of spaces to one, as SigV4 canonicalization requires.
    static func normalize(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }

    /// `yyyyMMdd'T'HHmmss'Z'` and `yyyyMMdd` in UTC.
    static func timestamp(_ date: Date) -> (dateTime: String, day: String) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let day = String(format: "%04d%02d%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
        let time = String(format: "%02d%02d%02d", Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        return ("\(day)T\(time)Z", day)
    }

    /// The hex SHA-256 of a body, its `x-amz-content-sha256`.
    static func payloadHash(_ body: ByteBuffer) -> String {
        body.withUnsafeReadableBytes { hex(SHA256.hash(data: $0)) }
    }

    /// Lowercase hex of a digest or MAC.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
