import CairnProtocol
import Hummingbird

/// Routes under one path prefix that need credentials of at least one role, such as an API or the
/// console: the listener puts ``CredentialsMiddleware`` in front of them, and `register` adds the
/// routes (it runs once, when the listener builds its router).
public struct HTTPRouteGroup: Sendable {
    /// The prefix, e.g. `/api`.
    public var path: String
    /// The least role a request's credentials must grant.
    public var role: CommandSpec.Role
    /// Adds the group's routes.
    public var register: @Sendable (RouterGroup<HTTPRequestContext>) -> Void

    public init(
        path: String, role: CommandSpec.Role, register: @escaping @Sendable (RouterGroup<HTTPRequestContext>) -> Void
    ) {
        self.path = path
        self.role = role
        self.register = register
    }
}
