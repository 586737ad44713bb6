import CairnFlyte
import CairnServer
import Hummingbird
import Logging
import NIOCore

/// Connect unary calls (https://connectrpc.com/docs/protocol) of a table of methods: `POST
/// /<package>.<Service>/<Method>` with a bare `application/proto` or `application/json` message,
/// possibly gzip-compressed, answered in the request's codec, or with a JSON error and the HTTP
/// status of its code. Who may call is ``FlyteAccess``'s to say, as on the gRPC listener.
public struct ConnectRoutes: Sendable {
    /// The bounds of a call. Every limit answers `resource_exhausted` (HTTP 429) when passed.
    public struct Configuration: Sendable {
        /// The largest request body, as received (compressed or not), in bytes.
        public var maxRequestBytes = 20 << 20
        /// The largest message a gzip request body may inflate to, in bytes.
        public var maxInflatedBytes = 20 << 20
        /// Responses at least this long are gzip-compressed for a client that accepts gzip; shorter
        /// ones, and errors, go as they are (compressing a few bytes costs more than it saves).
        public var minCompressedResponseBytes = 1024

        public init() {}
    }

    let configuration: Configuration
    /// By `package.Service/Method`.
    let methods: [String: any UnaryMethod]
    let access: FlyteAccess

    init(configuration: Configuration, methods: [any UnaryMethod], access: FlyteAccess) {
        self.configuration = configuration
        self.methods = Dictionary(methods.map { ($0.descriptor.fullyQualifiedMethod, $0) }) { first, _ in first }
        self.access = access
    }

    /// The path prefixes of the services' routes (`/flyteidl2.cacheservice.CacheService`).
    var prefixes: [String] {
        Set(methods.values.map { "/" + $0.descriptor.service.fullyQualifiedService }).sorted()
    }

    /// Adds `POST <prefix>/<Method>` for each service.
    func register(on router: Router<HTTPRequestContext>) {
        for prefix in prefixes {
            router.post(RouterPath(prefix + "/:method")) { request, context in
                await respond(
                    to: request, procedure: "\(prefix.dropFirst())/\(context.parameters.get("method") ?? "")",
                    context: context)
            }
        }
    }

    /// Runs one call; never throws: every failure is a Connect error response.
    func respond(to request: Request, procedure: String, context: HTTPRequestContext) async -> Response {
        let logger = context.logger
        do {
            try access.check(
                method: String(procedure.split(separator: "/").last ?? ""),
                isLoopback: CatalogServer.isLoopback(context.remoteAddress),
                authorization: request.headers[.authorization])
            guard let method = methods[procedure] else {
                throw ConnectError(.unimplemented, "\(procedure) is not a method Cairn serves", httpStatus: 404)
            }
            let call = try Call(request)
            let message = try await requestMessage(request, call)
            let response = try await method.call(message, codec: call.codec)
            return try await successResponse(response, call)
        } catch {
            let failure = ConnectError(error)
            // Only what the server failed at; refused requests are the client's to read.
            if failure.code == .internal || (failure.code == .unknown && !(error is ConnectError)) {
                logger.error("connect call failed", metadata: ["procedure": "\(procedure)", "error": "\(failure)"])
            }
            return Self.errorResponse(failure)
        }
    }

    /// A Connect error: its status and `{"code", "message"}` as JSON.
    static func errorResponse(_ error: ConnectError) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(
            status: HTTPResponse.Status(code: error.httpStatus), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: error.json)))
    }
}
