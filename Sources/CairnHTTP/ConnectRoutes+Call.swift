import CairnCore
import CairnFlyte
import Foundation
import Hummingbird
import NIOCore
import NIOPosix

extension ConnectRoutes {
    /// What a request's headers ask of a call: its codec and compression both ways.
    struct Call: Sendable {
        var codec: MessageCodec
        /// The body is gzip-compressed.
        var gzipRequest: Bool
        /// The client takes a gzip-compressed response.
        var acceptsGzip: Bool

        /// - Throws: ``ConnectError``: 415 for a content type other than Connect's unary ones,
        ///   `invalid_argument` for a protocol version other than 1, `unimplemented` for a
        ///   content encoding other than gzip or identity.
        init(_ request: Request) throws {
            let contentType = request.headers[.contentType] ?? ""
            let parts = contentType.lowercased().split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            switch (parts.first, parts.dropFirst()) {
            case ("application/proto", let parameters) where parameters.isEmpty: codec = .proto
            case ("application/json", let parameters) where parameters.allSatisfy({ $0 == "charset=utf-8" }):
                codec = .json
            default:
                throw ConnectError(
                    .unknown,
                    "content type \"\(contentType.prefix(100))\" is not a Connect unary one: "
                        + "send application/proto or application/json", httpStatus: 415)
            }
            if let version = request.headers.first(where: { $0.name.canonicalName == "connect-protocol-version" })?
                .value,
                version.trimmingCharacters(in: .whitespaces) != "1"
            {
                throw ConnectError(
                    .invalidArgument, "connect-protocol-version must be 1, got \"\(version.prefix(20))\"")
            }
            switch request.headers[.contentEncoding]?.trimmingCharacters(in: .whitespaces).lowercased() {
            case nil, "", "identity": gzipRequest = false
            case "gzip": gzipRequest = true
            case let other?:
                throw ConnectError(
                    .unimplemented, "content-encoding \"\(other.prefix(40))\" is not supported: use gzip or identity")
            }
            // Without Accept-Encoding a client takes what it sent (the protocol's rule).
            if let accepted = request.headers[.acceptEncoding] {
                acceptsGzip = Self.acceptsGzip(accepted)
            } else {
                acceptsGzip = gzipRequest
            }
        }

        /// Whether an `Accept-Encoding` list takes gzip (by name or `*`, with no `q=0`).
        static func acceptsGzip(_ header: String) -> Bool {
            header.split(separator: ",").contains { entry in
                let parts = entry.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard parts.first == "gzip" || parts.first == "*" else { return false }
                let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) }
                return (quality ?? 1) > 0
            }
        }
    }

    /// The request's message: its body within ``Configuration/maxRequestBytes``, inflated within
    /// ``Configuration/maxInflatedBytes`` when gzip-compressed. zlib runs on NIO's blocking thread
    /// pool, never on an event loop or the cooperative pool.
    func requestMessage(_ request: Request, _ call: Call) async throws -> [UInt8] {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: configuration.maxRequestBytes)
        } catch is NIOTooManyBytesError {
            throw ConnectError(
                .resourceExhausted, "the request body is larger than \(configuration.maxRequestBytes) bytes")
        }
        let bytes = Array(body.readableBytesView)
        // The protocol forbids inflating an empty body: it is the empty message.
        guard call.gzipRequest, !bytes.isEmpty else { return bytes }
        let limit = configuration.maxInflatedBytes
        do {
            return try await NIOThreadPool.singleton.runIfActive {
                try Zlib.decompress(bytes, maxOutput: limit, format: .gzip)
            }
        } catch let error as CairnError where error.code == .limitExceeded {
            throw ConnectError(.resourceExhausted, "the request body inflates to more than \(limit) bytes")
        } catch let error as CairnError where error.code == .invalidArgument {
            throw ConnectError(.invalidArgument, "the gzip request body is not valid gzip: \(error.message)")
        }
    }

    /// 200 with the response message in the request's codec, gzip-compressed (on NIO's blocking
    /// thread pool) when the client takes it and it is long enough to gain.
    func successResponse(_ message: [UInt8], _ call: Call) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/\(call.codec)"
        var body = message
        if call.acceptsGzip, message.count >= configuration.minCompressedResponseBytes {
            body = try await NIOThreadPool.singleton.runIfActive { try Zlib.compress(message, format: .gzip) }
            headers[.contentEncoding] = "gzip"
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
