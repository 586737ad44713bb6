import Foundation
import GRPCCore

/// Who may call the gRPC front end, by the server's rules for every listener: in protected mode (no
/// passwords) only loopback peers; with passwords, `authorization: Basic base64(user:password)`
/// metadata naming a user whose role is enough (reader for reads, writer for writes and
/// reservations). Refusals are `PERMISSION_DENIED` (protected mode, role too low) and
/// `UNAUTHENTICATED` (no or wrong credentials), with one line saying why. ``open`` lets every
/// client in without credentials: Flyte's clients send none (propeller's only option is a flyteadmin
/// OAuth token), and Flyte's own datacatalog runs that way inside a cluster, behind its network policy.
public struct FlyteAccess: Sendable {
    /// What a user may do.
    public enum Role: Int, Sendable, Comparable {
        case reader, writer, admin
        public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The role of a user and password, `nil` when they are wrong; `nil` itself for protected mode.
    public var authenticate: (@Sendable (_ user: String, _ password: String) -> Role?)?

    /// Every client, from anywhere, without credentials.
    public var isOpen = false

    public init(authenticate: (@Sendable (_ user: String, _ password: String) -> Role?)?) {
        self.authenticate = authenticate
    }

    /// Lets every client in, from anywhere, without credentials.
    public static var open: FlyteAccess {
        var access = FlyteAccess(authenticate: nil)
        access.isOpen = true
        return access
    }

    /// The methods that only read.
    static let readMethods: Set<String> = ["GetDataset", "GetArtifact", "ListArtifacts", "ListDatasets", "Get"]

    /// Checks one gRPC call; throws the refusal.
    func check(method: MethodDescriptor, peer: String, metadata: Metadata) throws {
        let authorization = metadata[stringValues: "authorization"].first { _ in true }
        try check(method: method.method, isLoopback: Self.isLoopback(peer: peer), authorization: authorization)
    }

    /// Checks one call of `method` (its short name, `GetArtifact`) from a client that is or is not
    /// on this machine, with its `authorization` value; throws the refusal. Every front end that
    /// serves Flyte's APIs (gRPC, Connect) asks this.
    public func check(method: String, isLoopback: Bool, authorization: String?) throws {
        guard !isOpen else { return }
        guard let authenticate else {
            guard isLoopback else {
                throw RPCError(
                    code: .permissionDenied,
                    message: "Cairn is in protected mode: no password is configured, so only loopback clients "
                        + "are served. Set passwords, or --flyte-access open inside a trusted network")
            }
            return
        }
        let required: Role = Self.readMethods.contains(method) ? .reader : .writer
        guard let (user, password) = Self.basicCredentials(authorization) else {
            throw RPCError(
                code: .unauthenticated, message: "credentials required: authorization: Basic base64(user:password)")
        }
        guard let role = authenticate(user, password) else {
            throw RPCError(code: .unauthenticated, message: "wrong user or password")
        }
        guard role >= required else {
            throw RPCError(code: .permissionDenied, message: "user \(user) may not call \(method)")
        }
    }

    /// Whether a gRPC peer (`ipv4:127.0.0.1:port`, `ipv6:[::1]:port`, `unix:…`) is on this machine.
    static func isLoopback(peer: String) -> Bool {
        if peer.hasPrefix("unix:") { return true }
        if peer.hasPrefix("ipv4:127.") { return true }
        return peer.hasPrefix("ipv6:[::1]") || peer.hasPrefix("ipv6:[::ffff:127.")
    }

    /// User and password of an `Authorization: Basic <base64(user:password)>` value: the one
    /// reading of Basic credentials, for the HTTP listener's routes too.
    public static func basicCredentials(_ header: String?) -> (user: String, password: String)? {
        guard let header, header.count > 6, header.prefix(6).lowercased() == "basic " else { return nil }
        guard let data = Data(base64Encoded: header.dropFirst(6).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}

/// Applies ``FlyteAccess`` to every call before its handler runs.
struct AccessInterceptor: ServerInterceptor {
    let access: FlyteAccess

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>, context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        do {
            try access.check(method: context.descriptor, peer: context.remotePeer, metadata: request.metadata)
        } catch let error as RPCError {
            return StreamingServerResponse(error: error)
        }
        return try await next(request, context)
    }
}
