/// `QUIT`: `+OK`, then the server closes the connection.
public struct Quit: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "QUIT", arity: 1, flags: [.fast, .noauth], role: .anyone, summary: "close the connection")

    public init() {}

    public init(from arguments: inout Arguments) throws {}

    public func encode(into arguments: inout ArgumentWriter) {}

    public typealias Reply = OK

    public func encodeReply(_ reply: OK) -> RESPValue { OK.value }

    public func decodeReply(_ value: RESPValue) throws -> OK { try OK.decode(value, "QUIT reply") }
}
