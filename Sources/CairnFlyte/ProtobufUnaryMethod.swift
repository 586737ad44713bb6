import GRPCCore
import GRPCProtobuf
import SwiftProtobuf

/// A ``UnaryMethod`` whose request and response are protobuf messages.
struct ProtobufUnaryMethod<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>: UnaryMethod {
    let descriptor: MethodDescriptor
    let handle: @Sendable (Request) async throws -> Response

    /// Unknown JSON fields are skipped, as protobuf's binary decoding keeps unknown fields: a newer
    /// client's additions must not fail the call.
    static var jsonDecoding: JSONDecodingOptions {
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        return options
    }

    init(_ descriptor: MethodDescriptor, _ handle: @escaping @Sendable (Request) async throws -> Response) {
        self.descriptor = descriptor
        self.handle = handle
    }

    func call(_ request: [UInt8], codec: MessageCodec) async throws -> [UInt8] {
        let message: Request
        do {
            switch codec {
            case .proto: message = try Request(serializedBytes: request)
            case .json: message = try Request(jsonUTF8Bytes: request, options: Self.jsonDecoding)
            }
        } catch {
            throw RPCError(
                code: .invalidArgument,
                message: "the request is not a valid \(Request.protoMessageName) in \(codec): \(error)")
        }
        let response = try await handle(message)
        do {
            switch codec {
            case .proto: return try response.serializedBytes()
            case .json: return try response.jsonUTF8Bytes()
            }
        } catch {
            throw RPCError(code: .internalError, message: "the response could not be encoded in \(codec): \(error)")
        }
    }

    func register<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: descriptor, deserializer: ProtobufDeserializer<Request>(),
            serializer: ProtobufSerializer<Response>()
        ) { [handle] request, _ in
            let message = try await ServerRequest(stream: request).message
            return StreamingServerResponse(single: ServerResponse(message: try await handle(message)))
        }
    }
}
