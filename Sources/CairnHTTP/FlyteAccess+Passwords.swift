import CairnFlyte
import CairnServer

extension FlyteAccess {
    /// The Flyte APIs' access under the server's passwords, as for its other listeners: protected
    /// mode (loopback only) without them, HTTP Basic credentials of a role that suffices with them.
    public static func of(_ passwords: Passwords) -> FlyteAccess {
        guard passwords.required else { return FlyteAccess(authenticate: nil) }
        return FlyteAccess { user, password in
            switch passwords.role(user: user, password: password) {
            case .admin?: .admin
            case .writer?: .writer
            case .reader?: .reader
            case .anyone?, nil: nil
            }
        }
    }
}
