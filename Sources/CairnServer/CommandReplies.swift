import CairnProtocol

/// `COMMAND` replies, from the command table.
enum CommandReplies {
    static func reply(_ query: Command.CommandQuery) -> RESPValue {
        switch query {
        case .all: return .array(CommandTable.all.map(info))
        case .count: return .integer(Int64(CommandTable.all.count))
        case .info(let names): return .array(names.map { CommandTable.spec($0).map(info) ?? .null })
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
}
