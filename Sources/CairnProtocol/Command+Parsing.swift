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
        guard let definition = definitions[name] else {
            throw CommandError("unknown command '\(name.prefix(64))'")
        }
        return try definition.init(from: &arguments).asCommand
    }

    private static let definitions: [String: any CommandDefinition.Type] = Dictionary(
        uniqueKeysWithValues: CommandTable.definitions.map { ($0.spec.name, $0) })
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
