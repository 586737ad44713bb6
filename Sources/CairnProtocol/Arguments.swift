import CairnCore
import NIOCore

/// Reads a request's arguments in order, for ``CommandDefinition/init(from:)``.
public struct Arguments {
    private var items: ArraySlice<ByteBuffer>

    init(_ items: ArraySlice<ByteBuffer>) { self.items = items }

    /// How many arguments are left.
    public var remaining: Int { items.count }

    /// The next argument's bytes.
    public mutating func next() -> ByteBuffer? { items.popFirst() }

    /// The next argument as UTF-8 text.
    public mutating func nextString() -> String? { next().map { String(buffer: $0) } }

    /// The next argument as text, left in place.
    public func peekString() -> String? { items.first.map { String(buffer: $0) } }

    public mutating func optionalLast(max: Int, command: String) throws -> ByteBuffer? {
        guard items.count <= max else {
            throw CommandError("wrong number of arguments for '\(command.lowercased())' command")
        }
        return next()
    }

    /// - Throws: an arity error naming `command` unless every argument was read.
    public mutating func expectEnd(command: String) throws {
        guard items.isEmpty else {
            throw CommandError("wrong number of arguments for '\(command.lowercased())' command")
        }
    }

    /// The next argument as an integer in `range`.
    /// - Throws: a command error naming `what` and the range.
    public mutating func integer(_ what: String, in range: NumericRange) throws -> Int64 {
        guard let text = nextString() else { throw CommandError("\(what) needs a value") }
        return try CommandError.wrap { try range.parse(text, argument: what) }
    }

    /// The next argument as a dataset token `project/domain/name/version`.
    public mutating func dataset() throws -> DatasetID {
        let text = nextString() ?? ""
        return try CommandError.wrap { try DatasetID(parsing: text) }
    }

    /// The next argument as a tag.
    public mutating func tag() throws -> TagName {
        let text = nextString() ?? ""
        return try CommandError.wrap { try TagName(text) }
    }
}
