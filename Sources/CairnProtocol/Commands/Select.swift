/// `SELECT index`: `+OK` for database 0, the only one.
public struct Select: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "SELECT", arity: 2, flags: [.fast], role: .reader, summary: "accepts database 0 only")

    public var index: Int

    public init(index: Int) { self.index = index }

    public init(from arguments: inout Arguments) throws {
        guard let index = Int(arguments.nextString()!) else {
            throw CommandError("value is not an integer or out of range")
        }
        self.init(index: index)
    }

    public func encode(into arguments: inout ArgumentWriter) { arguments.append(index) }

    public typealias Reply = OK

    public func encodeReply(_ reply: OK) -> RESPValue { OK.value }

    public func decodeReply(_ value: RESPValue) throws -> OK { try OK.decode(value, "SELECT reply") }
}
