/// The `+OK` reply of commands that only acknowledge.
public struct OK: Hashable, Sendable {
    public init() {}

    /// `+OK`.
    public static let value = RESPValue.simpleString("OK")

    /// Reads `+OK`.
    public static func decode(_ value: RESPValue, _ field: String) throws -> OK {
        guard case .simpleString("OK") = value else { throw value.unexpected(field, "+OK") }
        return OK()
    }
}
