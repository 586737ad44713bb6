import CairnCore
import NIOCore

extension Command {
    /// Parses `request` against the command table.
    /// - Throws: ``CommandError`` saying what is wrong (unknown command, arity, a bad argument).
    public static func parse(_ request: RESPRequest) throws -> Command {
        guard let spec = CommandTable.spec(request.commandName) else {
            throw CommandError("unknown command '\(String(buffer: request.arguments[0]).prefix(64))'")
        }
        return try parse(request, spec: spec)
    }

    /// Parses `request` whose table entry the caller already looked up.
    /// - Throws: ``CommandError`` saying what is wrong (arity, a bad argument).
    public static func parse(_ request: RESPRequest, spec: CommandSpec) throws -> Command {
        let name = spec.name
        guard spec.accepts(argumentCount: request.arguments.count) else {
            throw CommandError("wrong number of arguments for '\(name.lowercased())' command")
        }
        var arguments = Arguments(request.arguments.dropFirst())
        switch name {
        case "PING": return .ping(try arguments.optionalLast(max: 1, command: name))
        case "ECHO": return .echo(arguments.next()!)
        case "QUIT": return .quit
        case "SELECT":
            guard let index = Int(arguments.nextString()!) else {
                throw CommandError("value is not an integer or out of range")
            }
            return .select(index)
        case "HELLO": return try parseHello(&arguments)
        case "AUTH":
            let first = arguments.nextString()!
            if let password = arguments.nextString() {
                try arguments.expectEnd(command: name)
                return .auth(user: first, password: password)
            }
            return .auth(user: nil, password: first)
        case "CLIENT": return try parseClient(&arguments)
        case "COMMAND": return try parseCommandQuery(&arguments)
        case "INFO":
            var sections: [String] = []
            while let section = arguments.nextString() { sections.append(section.lowercased()) }
            return .info(sections)
        case CacheGet.spec.name: return .cacheGet(try CacheGet(from: &arguments))
        case CacheMGet.spec.name: return .cacheMGet(try CacheMGet(from: &arguments))
        case CachePut.spec.name: return .cachePut(try CachePut(from: &arguments))
        case CacheEvict.spec.name: return .cacheEvict(try CacheEvict(from: &arguments))
        case CacheReserve.spec.name: return .cacheReserve(try CacheReserve(from: &arguments))
        case CacheRelease.spec.name: return .cacheRelease(try CacheRelease(from: &arguments))
        case AdminPurge.spec.name: return .adminPurge(try AdminPurge(from: &arguments))
        default: return .catalog(try parseCatalog(name, &arguments))
        }
    }

    private static func parseHello(_ arguments: inout Arguments) throws -> Command {
        var version: RESPVersion?
        var auth: (String, String)?
        var name: String?
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
                auth = (user, password)
            case "SETNAME":
                guard let value = arguments.nextString() else {
                    throw CommandError("syntax error in HELLO: SETNAME needs a name")
                }
                name = try Self.clientName(value)
            default:
                throw CommandError("syntax error in HELLO option '\(option.prefix(32))'")
            }
        }
        return .hello(version: version, auth: auth, name: name)
    }

    private static func parseClient(_ arguments: inout Arguments) throws -> Command {
        let sub = arguments.nextString()!.uppercased()
        switch sub {
        case "SETNAME":
            guard let value = arguments.nextString() else {
                throw CommandError("wrong number of arguments for 'client|setname' command")
            }
            try arguments.expectEnd(command: "CLIENT SETNAME")
            return .clientSetName(try clientName(value))
        case "GETNAME":
            try arguments.expectEnd(command: "CLIENT GETNAME")
            return .clientGetName
        case "ID":
            try arguments.expectEnd(command: "CLIENT ID")
            return .clientID
        case "SETINFO":
            // Sent by client libraries on connect (redis-py, Jedis, go-redis …).
            guard let option = arguments.nextString(), let value = arguments.nextString() else {
                throw CommandError("wrong number of arguments for 'client|setinfo' command")
            }
            try arguments.expectEnd(command: "CLIENT SETINFO")
            guard let attribute = ClientAttribute(rawValue: option.uppercased()) else {
                throw CommandError("Unrecognized option '\(option.prefix(32))' (LIB-NAME, LIB-VER)")
            }
            guard value.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
                throw CommandError("\(attribute.rawValue) cannot contain spaces, newlines or special characters.")
            }
            return .clientSetInfo(attribute, value)
        default:
            throw CommandError("unknown subcommand '\(sub.prefix(32))' for 'client' (SETNAME, GETNAME, ID, SETINFO)")
        }
    }

    private static func parseCommandQuery(_ arguments: inout Arguments) throws -> Command {
        guard let sub = arguments.nextString()?.uppercased() else { return .command(.all) }
        var names: [String] = []
        while let name = arguments.nextString() { names.append(name.uppercased()) }
        switch sub {
        case "COUNT" where names.isEmpty: return .command(.count)
        case "DOCS": return .command(.docs(names))
        case "INFO": return .command(.info(names))
        default: throw CommandError("unknown subcommand '\(sub.prefix(32))' for 'command' (COUNT, DOCS, INFO)")
        }
    }

    private static func clientName(_ value: String) throws -> String {
        guard value.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw CommandError("Client names cannot contain spaces, newlines or special characters.")
        }
        return value
    }
}

extension CommandError {
    /// Runs `body`, turning a ``CairnError`` into a command error with its reply prefix.
    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as CairnError { throw CommandError(error) }
    }

    /// The reply for a ``CairnError``: the one place codes become protocol prefixes.
    public init(_ error: CairnError) {
        switch error.code {
        case .limitExceeded: self.init(prefix: "LIMIT", error.message)
        case .unavailable, .schemaMismatch: self.init(prefix: "UNAVAILABLE", error.message)
        case .fencingRejected: self.init(prefix: "FENCED", error.message)
        case .notFound: self.init(prefix: "NOTFOUND", error.message)
        case .alreadyExists: self.init(prefix: "EXISTS", error.message)
        case .conflict: self.init(prefix: "CONFLICT", error.message)
        case .internalError: self.init(prefix: "ERR", "internal error: \(error.message)")
        default: self.init(prefix: "ERR", error.message)
        }
    }
}
