import CairnProtocol
import NIOCore

extension CommandExecutor {
    /// Runs the commands that need no store: connection state, the command table, `INFO`.
    /// Returns `nil` for store commands.
    func runConnectionCommand(_ command: Command, session: inout Session) -> Execution? {
        let value: RESPValue
        switch command {
        case .ping(let message): value = message.map(RESPValue.bulkString) ?? .simpleString("PONG")
        case .echo(let message): value = .bulkString(message)
        case .quit: return .reply(RESPValue.simpleString("OK").encoded(version: session.version), close: true)
        case .select(let index):
            guard index == 0 else {
                return fail(CommandError("DB index is out of range (Cairn has only database 0)"), session)
            }
            value = .simpleString("OK")
        case .hello(let version, let auth, let name):
            if let auth {
                if let error = authenticate(user: auth.user, password: auth.password, session: &session) {
                    return fail(error, session)
                }
            } else if session.role == .anyone {
                return fail(
                    CommandError(
                        prefix: "NOAUTH",
                        "HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used"
                    ), session)
            }
            if let version { session.version = version }
            if let name { session.name = name }
            value = helloReply(session)
        case .auth(let user, let password):
            if let error = authenticate(user: user, password: password, session: &session) {
                return fail(error, session)
            }
            value = .simpleString("OK")
        case .clientSetName(let name):
            session.name = name
            value = .simpleString("OK")
        case .clientSetInfo(.libraryName, let text):
            session.libraryName = text
            value = .simpleString("OK")
        case .clientSetInfo(.libraryVersion, let text):
            session.libraryVersion = text
            value = .simpleString("OK")
        case .clientGetName: value = session.name.map(RESPValue.bulk) ?? .null
        case .clientID: value = .integer(session.id)
        case .command(let query): value = CommandReplies.reply(query)
        default: return nil
        }
        return .reply(value.encoded(version: session.version), close: false)
    }

    /// Checks a password and sets the session's role; the error to reply otherwise.
    private func authenticate(user: String?, password: String, session: inout Session) -> CommandError? {
        guard passwords.required else {
            return CommandError(
                "AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?")
        }
        guard let role = passwords.role(user: user, password: password) else {
            stats.increment(.authFailures)
            return CommandError(prefix: "WRONGPASS", "invalid username-password pair or user is disabled.")
        }
        session.role = role
        session.user = user ?? "default"
        return nil
    }

    private func helloReply(_ session: Session) -> RESPValue {
        .map([
            (key: .bulk("server"), value: .bulk("cairn")),
            (key: .bulk("version"), value: .bulk(InfoReply.version)),
            (key: .bulk("proto"), value: .integer(Int64(session.version.rawValue))),
            (key: .bulk("id"), value: .integer(session.id)),
            (key: .bulk("mode"), value: .bulk("standalone")),
            (key: .bulk("role"), value: .bulk("master")),
            (key: .bulk("modules"), value: .array([])),
        ])
    }
}
