/// `INFO [section …]`: `# Section` headers and `field:value` lines, as Redis writes them.
public struct Info: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "INFO", arity: -1, flags: [], role: .reader,
        summary: "server, clients, stats, memory (hot cache), store and persistence sections")

    /// Lower-cased section names; empty means the default sections.
    public var sections: [String]

    public init(sections: [String] = []) { self.sections = sections.map { $0.lowercased() } }

    public init(from arguments: inout Arguments) throws {
        var sections: [String] = []
        while let section = arguments.nextString() { sections.append(section) }
        self.init(sections: sections)
    }

    public func encode(into arguments: inout ArgumentWriter) {
        for section in sections { arguments.append(section) }
    }

    public typealias Reply = String

    public func encodeReply(_ reply: String) -> RESPValue { .bulk(reply) }

    public func decodeReply(_ value: RESPValue) throws -> String { try value.string("INFO reply") }
}
