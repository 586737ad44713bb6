import CairnProtocol
import NIOCore

extension CommandExecutor {
    /// Runs the commands that need no store: connection state, the command table, `INFO`.
    /// Returns `nil` for store commands.
    func runConnectionCommand(_ command: Command, session: inout Session) -> Execution? {
        let value: RESPValue
        switch command {
        case .ping(let ping): value = ping.encodeReply(ping.answer)
        case .echo(let echo): value = echo.encodeReply(echo.message)
        case .quit(let quit): return .reply(quit.encodeReply(OK()).encoded(version: session.version), close: true)
        case .select(let select):
            guard select.index == 0 else {
                return fail(CommandError("DB index is out of range (Cairn has only database 0)"), session)
            }
            value = select.encodeReply(OK())
        case .hello(let hello):
            if let auth = hello.auth {
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
            if let version = hello.version { session.version = version }
            if let name = hello.name { session.name = name }
            value = hello.encodeReply(
                Hello.Reply(version: InfoReply.version, proto: session.version.rawValue, id: session.id))
        case .auth(let auth):
            if let error = authenticate(user: auth.user, password: auth.password, session: &session) {
                return fail(error, session)
            }
            value = auth.encodeReply(OK())
        case .client(let client):
            let reply: ClientCommand.Reply
            switch client.subcommand {
            case .setName(let name):
                session.name = name
                reply = .ok
            case .setInfo(.libraryName, let text):
                session.libraryName = text
                reply = .ok
            case .setInfo(.libraryVersion, let text):
                session.libraryVersion = text
                reply = .ok
            case .getName: reply = .name(session.name)
            case .id: reply = .id(session.id)
            }
            value = client.encodeReply(reply)
        case .command(let query): value = query.encodeReply(query.answer)
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
}
