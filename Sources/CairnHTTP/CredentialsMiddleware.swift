import CairnFlyte
import CairnProtocol
import CairnServer
import Foundation
import Hummingbird

/// Lets a request through only with HTTP Basic credentials of a user whose role is at least
/// `required` (`reader`, `writer` or `admin`, checked as `AUTH user password` is), and records the
/// role in the context. Without credentials, or with wrong ones: 401 and a Basic challenge; with a
/// role too low: 403. In protected mode (no passwords) the client is loopback
/// (``ProtectedModeMiddleware`` ran first) and is trusted with the admin role, as on RESP.
struct CredentialsMiddleware: RouterMiddleware {
    typealias Context = HTTPRequestContext

    let passwords: Passwords
    let required: CommandSpec.Role

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        guard passwords.required else {
            context.role = .admin
            return try await next(request, context)
        }
        guard let (user, password) = FlyteAccess.basicCredentials(request.headers[.authorization]) else {
            return Self.challenge("credentials required: HTTP Basic with user reader, writer or admin\n")
        }
        guard let role = passwords.role(user: user, password: password) else {
            return Self.challenge("wrong user or password\n")
        }
        guard role >= required else {
            return .text(
                "user \(user) may not use this route: it needs the \(Self.name(required)) role\n", status: .forbidden)
        }
        context.role = role
        return try await next(request, context)
    }

    private static func challenge(_ reason: String) -> Response {
        var response = Response.text(reason, status: .unauthorized)
        response.headers[.wwwAuthenticate] = "Basic realm=\"cairn\", charset=\"UTF-8\""
        return response
    }

    private static func name(_ role: CommandSpec.Role) -> String {
        switch role {
        case .anyone: "no"
        case .reader: "reader"
        case .writer: "writer"
        case .admin: "admin"
        }
    }
}
