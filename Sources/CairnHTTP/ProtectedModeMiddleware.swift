import CairnServer
import Hummingbird

/// Protected mode, as for RESP: with no password configured every client would be trusted with the
/// admin role, so only loopback clients are served; any other gets 403 and one line saying why.
struct ProtectedModeMiddleware: RouterMiddleware {
    typealias Context = HTTPRequestContext

    /// Path prefixes whose routes apply their own access rules (the Connect services).
    var exempt: [String] = []

    static let refusal =
        "Cairn is in protected mode: no password is configured, so only loopback clients are served. "
        + "Set passwords (--writer-password or CAIRN_WRITER_PASSWORD, …) to accept remote clients\n"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let path = request.uri.path
        if exempt.contains(where: { path.hasPrefix($0 + "/") }) { return try await next(request, context) }
        guard CatalogServer.isLoopback(context.remoteAddress) else {
            return .text(Self.refusal, status: .forbidden)
        }
        return try await next(request, context)
    }
}
