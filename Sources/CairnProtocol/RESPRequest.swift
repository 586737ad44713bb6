import NIOCore

/// One command as a client sent it: the command name and its arguments, as bytes.
public struct RESPRequest: Hashable, Sendable {
    /// The arguments; the first is the command name. Never empty.
    public var arguments: [ByteBuffer]

    public init(arguments: [ByteBuffer]) {
        precondition(!arguments.isEmpty, "a request has at least the command name")
        self.arguments = arguments
    }

    /// A request from text arguments.
    public init(_ arguments: String...) {
        self.init(arguments: arguments.map { ByteBuffer(string: $0) })
    }

    /// The command name, upper-cased (command names are ASCII and case-insensitive).
    public var commandName: String { String(buffer: arguments[0]).uppercased() }

    /// Appends the multibulk wire form (`*n` then `$len` bulk strings), as a client sends it.
    public func write(to buffer: inout ByteBuffer) {
        RESPValue.array(arguments.map(RESPValue.bulkString)).write(to: &buffer, version: .resp2)
    }
}
