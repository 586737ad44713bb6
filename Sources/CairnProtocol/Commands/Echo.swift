import NIOCore

/// `ECHO message`: the message.
public struct Echo: CommandDefinition, Hashable {
    public static let spec = CommandSpec("ECHO", arity: 2, flags: [.fast], role: .reader, summary: "the argument")

    public var message: ByteBuffer

    public init(message: ByteBuffer) { self.message = message }

    public init(from arguments: inout Arguments) throws { self.init(message: arguments.next()!) }

    public func encode(into arguments: inout ArgumentWriter) { arguments.append(buffer: message) }

    public typealias Reply = ByteBuffer

    public func encodeReply(_ reply: ByteBuffer) -> RESPValue { .bulkString(reply) }

    public func decodeReply(_ value: RESPValue) throws -> ByteBuffer {
        guard case .bulkString(let bytes) = value else { throw value.unexpected("ECHO reply", "a bulk string") }
        return bytes
    }
}
