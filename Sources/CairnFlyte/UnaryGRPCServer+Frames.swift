import GRPCCore
import NIOCore
import NIOHPACK

/// The gRPC over HTTP/2 wire format of a unary call (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md):
/// the 5-byte message prefix, response headers and trailers, and the request headers the unary
/// path reads.
extension UnaryGRPCServer {
    /// The message prefix: a compressed flag (one byte) and the length (four bytes, big endian).
    static let prefixLength = 5

    /// What a request's HEADERS say about the call.
    struct RequestHead: Sendable {
        /// `/package.Service/Method`.
        var path: String
        /// `authorization`, if sent.
        var authorization: String?
        /// `grpc-encoding`, if sent and not `identity`.
        var encoding: String?
        /// `grpc-timeout`, parsed.
        var timeout: TimeAmount?

        /// Reads a request's headers; throws the refusal of a request that is not a gRPC call.
        init(_ headers: HPACKHeaders) throws(Refusal) {
            guard headers.first(name: ":method") == "POST" else {
                throw Refusal(httpStatus: "405", message: "gRPC calls are POST requests")
            }
            guard let contentType = headers.first(name: "content-type"), contentType.hasPrefix("application/grpc")
            else {
                throw Refusal(httpStatus: "415", message: "content-type must be application/grpc")
            }
            path = headers.first(name: ":path") ?? ""
            authorization = headers.first(name: "authorization")
            encoding = headers.first(name: "grpc-encoding").flatMap { $0 == "identity" ? nil : $0 }
            if let value = headers.first(name: "grpc-timeout") {
                guard let timeout = Self.timeout(value) else {
                    throw Refusal(
                        status: RPCError(code: .invalidArgument, message: "grpc-timeout \(value) is malformed"))
                }
                self.timeout = timeout
            }
        }

        /// A `grpc-timeout` value: up to eight digits and a unit (`H`, `M`, `S`, `m`, `u`, `n`).
        static func timeout(_ value: String) -> TimeAmount? {
            guard let unit = value.last, value.count >= 2, value.count <= 9,
                let amount = Int64(value.dropLast()), amount >= 0
            else { return nil }
            switch unit {
            case "H": return .hours(amount)
            case "M": return .minutes(amount)
            case "S": return .seconds(amount)
            case "m": return .milliseconds(amount)
            case "u": return .microseconds(amount)
            case "n": return .nanoseconds(amount)
            default: return nil
            }
        }
    }

    /// Why a request is answered without running its method: a gRPC status, or an HTTP status for
    /// a request that is not a gRPC call at all.
    struct Refusal: Error, Sendable {
        var status: RPCError?
        var httpStatus = "200"
        var message = ""

        init(status: RPCError) { self.status = status }

        init(httpStatus: String, message: String) {
            (self.httpStatus, self.message) = (httpStatus, message)
        }
    }

    /// The response's HEADERS before its message.
    static let responseHeaders: HPACKHeaders = [":status": "200", "content-type": "application/grpc"]

    /// The trailers of a call: `grpc-status`, and `grpc-message` for a failure.
    static func trailers(_ failure: RPCError?) -> HPACKHeaders {
        guard let failure else { return ["grpc-status": "0"] }
        return ["grpc-status": String(failure.code.rawValue), "grpc-message": percentEncoded(failure.message)]
    }

    /// The HEADERS of a call answered by its trailers alone (a failure before any message).
    static func trailersOnly(_ failure: RPCError) -> HPACKHeaders {
        var headers = responseHeaders
        headers.add(contentsOf: trailers(failure))
        return headers
    }

    /// `grpc-message`'s encoding: UTF-8 with every byte outside printable ASCII, and `%`, as `%XX`.
    static func percentEncoded(_ message: String) -> String {
        var encoded = ""
        encoded.reserveCapacity(message.utf8.count)
        for byte in message.utf8 {
            if byte >= 0x20 && byte <= 0x7E && byte != UInt8(ascii: "%") {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return encoded
    }

    /// `message` behind its prefix (uncompressed).
    static func framed(_ message: [UInt8], allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: prefixLength + message.count)
        buffer.writeInteger(UInt8(0))
        buffer.writeInteger(UInt32(message.count))
        buffer.writeBytes(message)
        return buffer
    }
}
