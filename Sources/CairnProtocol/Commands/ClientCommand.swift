/// `CLIENT SETNAME name | GETNAME | ID | SETINFO LIB-NAME|LIB-VER value`: the connection's name,
/// id and client library.
public struct ClientCommand: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "CLIENT", arity: -2, flags: [], role: .reader, summary: "SETNAME, GETNAME, ID, SETINFO")

    /// One subcommand.
    public enum Subcommand: Hashable, Sendable {
        case setName(String)
        case getName
        case id
        /// Sent by client libraries on connect (redis-py, Jedis, go-redis …).
        case setInfo(Attribute, String)
    }

    /// What `CLIENT SETINFO` sets.
    public enum Attribute: String, Hashable, Sendable {
        case libraryName = "LIB-NAME"
        case libraryVersion = "LIB-VER"
    }

    public var subcommand: Subcommand

    public init(_ subcommand: Subcommand) { self.subcommand = subcommand }

    public init(from arguments: inout Arguments) throws {
        let sub = arguments.nextString()!.uppercased()
        switch sub {
        case "SETNAME":
            guard let value = arguments.nextString() else {
                throw CommandError("wrong number of arguments for 'client|setname' command")
            }
            try arguments.expectEnd(command: "CLIENT SETNAME")
            self.init(.setName(try Self.validatedName(value)))
        case "GETNAME":
            try arguments.expectEnd(command: "CLIENT GETNAME")
            self.init(.getName)
        case "ID":
            try arguments.expectEnd(command: "CLIENT ID")
            self.init(.id)
        case "SETINFO":
            guard let option = arguments.nextString(), let value = arguments.nextString() else {
                throw CommandError("wrong number of arguments for 'client|setinfo' command")
            }
            try arguments.expectEnd(command: "CLIENT SETINFO")
            guard let attribute = Attribute(rawValue: option.uppercased()) else {
                throw CommandError("Unrecognized option '\(option.prefix(32))' (LIB-NAME, LIB-VER)")
            }
            guard value.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
                throw CommandError("\(attribute.rawValue) cannot contain spaces, newlines or special characters.")
            }
            self.init(.setInfo(attribute, value))
        default:
            throw CommandError("unknown subcommand '\(sub.prefix(32))' for 'client' (SETNAME, GETNAME, ID, SETINFO)")
        }
    }

    /// A connection name: visible ASCII, no spaces.
    static func validatedName(_ value: String) throws -> String {
        guard value.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw CommandError("Client names cannot contain spaces, newlines or special characters.")
        }
        return value
    }

    public func encode(into arguments: inout ArgumentWriter) {
        switch subcommand {
        case .setName(let name):
            arguments.append("SETNAME")
            arguments.append(name)
        case .getName: arguments.append("GETNAME")
        case .id: arguments.append("ID")
        case .setInfo(let attribute, let value):
            arguments.append("SETINFO")
            arguments.append(attribute.rawValue)
            arguments.append(value)
        }
    }

    /// `+OK` for the setters, the name (or null) for `GETNAME`, an integer for `ID`.
    public enum Reply: Hashable, Sendable {
        case ok
        case name(String?)
        case id(Int64)
    }

    public func encodeReply(_ reply: Reply) -> RESPValue {
        switch reply {
        case .ok: OK.value
        case .name(let name): name.map(RESPValue.bulk) ?? .null
        case .id(let id): .integer(id)
        }
    }

    public func decodeReply(_ value: RESPValue) throws -> Reply {
        switch subcommand {
        case .setName, .setInfo:
            _ = try OK.decode(value, "CLIENT reply")
            return .ok
        case .getName: return .name(value.isNull ? nil : try value.string("CLIENT GETNAME reply"))
        case .id: return .id(try value.integer("CLIENT ID reply"))
        }
    }
}
