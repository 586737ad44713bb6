/// `HELLO [2|3] [AUTH user password] [SETNAME name]`: switches the reply dialect, optionally
/// authenticating and naming the connection, and describes the server.
public struct Hello: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "HELLO", arity: -1, flags: [.fast, .noauth], role: .anyone,
        summary: "switch protocol (2 or 3), optionally AUTH and SETNAME")

    /// `nil` (a bare `HELLO`) keeps the connection's dialect; options need a version, as in Redis.
    public private(set) var version: RESPVersion?
    public private(set) var auth: Auth?
    public private(set) var name: String?

    /// A bare `HELLO`: describes the server, changes nothing.
    public init() {}

    /// `HELLO version [AUTH user password] [SETNAME name]`.
    public init(version: RESPVersion, auth: Auth? = nil, name: String? = nil) {
        self.version = version
        self.auth = auth
        self.name = name
    }

    public init(from arguments: inout Arguments) throws {
        self.init()
        if let text = arguments.nextString() {
            guard let number = Int(text), let known = RESPVersion(rawValue: number) else {
                throw CommandError(prefix: "NOPROTO", "unsupported protocol version \(text.prefix(20))")
            }
            version = known
        }
        while let option = arguments.nextString()?.uppercased() {
            switch option {
            case "AUTH":
                guard let user = arguments.nextString(), let password = arguments.nextString() else {
                    throw CommandError("syntax error in HELLO: AUTH needs a user and a password")
                }
                auth = Auth(user: user, password: password)
            case "SETNAME":
                guard let value = arguments.nextString() else {
                    throw CommandError("syntax error in HELLO: SETNAME needs a name")
                }
                name = try ClientCommand.validatedName(value)
            default:
                throw CommandError("syntax error in HELLO option '\(option.prefix(32))'")
            }
        }
    }

    public func encode(into arguments: inout ArgumentWriter) {
        if let version { arguments.append(version.rawValue) }
        if let auth {
            arguments.append("AUTH")
            arguments.append(auth.user ?? "default")
            arguments.append(auth.password)
        }
        arguments.append("SETNAME", name)
    }

    /// What `HELLO` tells about the server and the connection.
    public struct Reply: Hashable, Sendable {
        public var server = "cairn"
        public var version: String
        /// The dialect the connection speaks now.
        public var proto: Int
        public var id: Int64
        public var mode = "standalone"
        public var role = "master"

        public init(version: String, proto: Int, id: Int64) {
            self.version = version
            self.proto = proto
            self.id = id
        }
    }

    public func encodeReply(_ reply: Reply) -> RESPValue {
        .map([
            (key: .bulk("server"), value: .bulk(reply.server)),
            (key: .bulk("version"), value: .bulk(reply.version)),
            (key: .bulk("proto"), value: .integer(Int64(reply.proto))),
            (key: .bulk("id"), value: .integer(reply.id)),
            (key: .bulk("mode"), value: .bulk(reply.mode)),
            (key: .bulk("role"), value: .bulk(reply.role)),
            (key: .bulk("modules"), value: .array([])),
        ])
    }

    public func decodeReply(_ value: RESPValue) throws -> Reply {
        let record = try value.record("HELLO reply")
        var reply = Reply(
            version: try UnexpectedReply.field(record, "version").string("version"),
            proto: Int(try UnexpectedReply.field(record, "proto").integer("proto")),
            id: try UnexpectedReply.field(record, "id").integer("id"))
        reply.server = try UnexpectedReply.field(record, "server").string("server")
        reply.mode = try record["mode"]?.string("mode") ?? reply.mode
        reply.role = try record["role"]?.string("role") ?? reply.role
        return reply
    }
}
