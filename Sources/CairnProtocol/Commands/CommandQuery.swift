/// `COMMAND`, `COMMAND COUNT`, `COMMAND INFO name…`, `COMMAND DOCS [name…]`: the command table, as
/// `redis-cli` and client libraries ask for it, made from the same definitions the server parses with.
public struct CommandQuery: CommandDefinition, Hashable {
    public static let spec = CommandSpec("COMMAND", arity: -1, flags: [], role: .reader, summary: "the command table")

    public enum Query: Hashable, Sendable {
        case all
        case count
        /// Upper-case names; empty means every command.
        case docs([String])
        /// Upper-case names.
        case info([String])
    }

    public var query: Query

    public init(_ query: Query = .all) { self.query = query }

    public init(from arguments: inout Arguments) throws {
        guard let sub = arguments.nextString()?.uppercased() else {
            self.init(.all)
            return
        }
        var names: [String] = []
        while let name = arguments.nextString() { names.append(name.uppercased()) }
        switch sub {
        case "COUNT" where names.isEmpty: self.init(.count)
        case "DOCS": self.init(.docs(names))
        case "INFO": self.init(.info(names))
        default: throw CommandError("unknown subcommand '\(sub.prefix(32))' for 'command' (COUNT, DOCS, INFO)")
        }
    }

    public func encode(into arguments: inout ArgumentWriter) {
        switch query {
        case .all: break
        case .count: arguments.append("COUNT")
        case .docs(let names):
            arguments.append("DOCS")
            for name in names { arguments.append(name) }
        case .info(let names):
            arguments.append("INFO")
            for name in names { arguments.append(name) }
        }
    }

    /// The table's entries, in Redis's shapes (see ``answer``); passed through as they are.
    public typealias Reply = RESPValue

    /// The reply, from ``CommandTable``.
    public var answer: RESPValue {
        switch query {
        case .all: return .array(CommandTable.all.map(Self.info))
        case .count: return .integer(Int64(CommandTable.all.count))
        case .info(let names): return .array(names.map { CommandTable.spec($0).map(Self.info) ?? .null })
        case .docs(let names):
            let specs = names.isEmpty ? CommandTable.all : names.compactMap(CommandTable.spec)
            return .map(
                specs.map { spec in
                    (
                        key: .bulk(spec.name.lowercased()),
                        value: .map([
                            (key: .bulk("summary"), value: .bulk(spec.summary)),
                            (key: .bulk("since"), value: .bulk("0.1.0")),
                            (key: .bulk("group"), value: .bulk(spec.name.contains(".") ? "cairn" : "connection")),
                        ])
                    )
                })
        }
    }

    /// Redis's `COMMAND INFO` shape: name, arity, flags, first key, last key, step, then where Redis
    /// lists ACL categories the role a client needs (`@anyone`, `@reader`, `@writer`, `@admin`).
    private static func info(_ spec: CommandSpec) -> RESPValue {
        .array([
            .bulk(spec.name.lowercased()), .integer(Int64(spec.arity)),
            .array(spec.flags.map { .simpleString($0.rawValue) }),
            .integer(Int64(spec.firstKey)), .integer(Int64(spec.lastKey)), .integer(Int64(spec.keyStep)),
            .array([.simpleString("@\(spec.role)")]),
        ])
    }

    public func encodeReply(_ reply: RESPValue) -> RESPValue { reply }

    public func decodeReply(_ value: RESPValue) throws -> RESPValue { value }
}
