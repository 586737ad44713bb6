/// `AUTH password` (the default user, the writer) or `AUTH user password`.
public struct Auth: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "AUTH", arity: -2, flags: [.fast, .noauth], role: .anyone, summary: "authenticate")

    /// `nil`: the default user.
    public var user: String?
    public var password: String

    public init(user: String? = nil, password: String) {
        self.user = user
        self.password = password
    }

    public init(from arguments: inout Arguments) throws {
        let first = arguments.nextString()!
        if let password = arguments.nextString() {
            try arguments.expectEnd(command: Self.spec.name)
            self.init(user: first, password: password)
        } else {
            self.init(password: first)
        }
    }

    public func encode(into arguments: inout ArgumentWriter) {
        if let user { arguments.append(user) }
        arguments.append(password)
    }

    public typealias Reply = OK

    public func encodeReply(_ reply: OK) -> RESPValue { OK.value }

    public func decodeReply(_ value: RESPValue) throws -> OK { try OK.decode(value, "AUTH reply") }
}
