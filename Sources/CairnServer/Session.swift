import CairnProtocol

/// Per-connection state, changed only on the connection's event loop, in request order.
struct Session {
    let id: Int64
    var name: String?
    var version: RESPVersion = .resp2
    /// What the client may run: `anyone` until it authenticates when passwords are required,
    /// `admin` in protected mode.
    var role: CommandSpec.Role
    var user: String?
    /// What `CLIENT SETINFO` said: the client library's name and version.
    var libraryName: String?
    var libraryVersion: String?

    init(id: Int64, passwordsRequired: Bool) {
        self.id = id
        self.role = passwordsRequired ? .anyone : .admin
        self.user = passwordsRequired ? nil : "default"
    }
}
