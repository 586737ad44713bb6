import CairnProtocol
import Hummingbird
import NIOCore

/// What the HTTP listener's middleware and routes know about a request besides the request itself:
/// where it comes from and, behind ``CredentialsMiddleware``, the role its credentials grant.
public struct HTTPRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's address (`nil` if the connection closed before the request was read).
    public let remoteAddress: SocketAddress?
    /// The role the request may act with: set by ``CredentialsMiddleware`` (from HTTP Basic
    /// credentials, or `admin` for a loopback client in protected mode); `nil` on the open routes.
    public var role: CommandSpec.Role?

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
