import GRPCCore
import GRPCProtobuf
import SwiftProtobuf

/// A ``UnaryMethod`` whose request and response are protobuf messages.
struct ProtobufUnaryMethod<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>: UnaryMethod {
    let descriptor: MethodDescriptor
    /// How the request's JSON is read, when a field declared as bytes holds a message (else as `Request`).
    let requestJSON: JSONTranscoding?
    /// How the response's JSON is written, likewise.
    let responseJSON: JSONTranscoding?
    let handle: @Sendable (Request) async throws -> Response

    /// Unknown JSON fields are skipped, as protobuf's binary decoding keeps unknown fields: a newer
    /// client's additions must not fail the call.
    static var jsonDecoding: JSONDecodingOptions {
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        return options
    }

    init(
        _ descriptor: MethodDescriptor, requestJSON: JSONTranscoding? = nil, responseJSON: JSONTranscoding? = nil,
        _ handle: @escaping @Sendable (Request) async throws -> Response
    ) {
        self.descriptor = descriptor
        self.requestJSON = requestJSON
        self.responseJSON = responseJSON
        self.handle = handle
    }

    func call(_ request: [UInt8], codec: MessageCodec) async throws -> [UInt8] {
        try encode(try await handle(try decode(request, codec)), codec)
    }

    /// - Throws: `RPCError` `INVALID_ARGUMENT` for bytes that are not a `Request` in `codec`.
    private func decode(_ request: [UInt8], _ codec: MessageCodec) throws -> Request {
        do {
            switch (codec, requestJSON) {
            case (.proto, _): return try Request(serializedBytes: request)
            case (.json, nil): return try Request(jsonUTF8Bytes: request, options: Self.jsonDecoding)
            case (.json, let twin?):
                return try Request(serializedBytes: try twin.binary(fromJSON: request, options: Self.jsonDecoding))
            }
        } catch {
            throw RPCError(
                code: .invalidArgument,
                message: "the request is not a valid \(Request.protoMessageName) in \(codec): \(error)")
        }
    }

    /// - Throws: `RPCError` `FAILED_PRECONDITION` when the response has no JSON form through its
    ///   twin (bytes a binary client stored that are not the message the twin declares), else
    ///   `INTERNAL` when it does not encode.
    private func encode(_ response: Response, _ codec: MessageCodec) throws -> [UInt8] {
        let binary: [UInt8]
        do {
            switch (codec, responseJSON) {
            case (.proto, _), (.json, _?): binary = try response.serializedBytes()
            case (.json, nil): return try response.jsonUTF8Bytes()
            }
        } catch {
            throw RPCError(code: .internalError, message: "the response could not be encoded in \(codec): \(error)")
        }
        guard codec == .json, let twin = responseJSON else { return binary }
        do {
            return try twin.json(fromBinary: binary)
        } catch {
            throw RPCError(
                code: .failedPrecondition,
                message: "the \(Response.protoMessageName) has no JSON form: a field Cairn keeps as bytes is not "
                    + "the message \(twin.twinName) declares there (\(error)); ask for it with application/proto")
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
