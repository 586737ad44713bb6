import NIOCore

/// `PING [message]`: `+PONG`, or the message as a bulk string.
public struct Ping: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "PING", arity: -1, flags: [.fast, .noauth], role: .anyone, summary: "PONG, or the argument")

    public var message: ByteBuffer?

    public init(message: ByteBuffer? = nil) { self.message = message }

    public init(from arguments: inout Arguments) throws {
        self.init(message: try arguments.optionalLast(max: 1, command: Self.spec.name))
    }

    public func encode(into arguments: inout ArgumentWriter) {
        if let message { arguments.append(buffer: message) }
    }

    /// `PONG`, or the message.
    public typealias Reply = ByteBuffer

    /// What the server answers: the message, else `PONG`.
    public var answer: ByteBuffer { message ?? ByteBuffer(string: "PONG") }

    public func encodeReply(_ reply: ByteBuffer) -> RESPValue {
        message == nil ? .simpleString(String(buffer: reply)) : .bulkString(reply)
    }

    public func decodeReply(_ value: RESPValue) throws -> ByteBuffer {
        switch value {
        case .simpleString(let text): ByteBuffer(string: text)
        case .bulkString(let bytes): bytes
        default: throw value.unexpected("PING reply", "a string")
        }
    }
}
