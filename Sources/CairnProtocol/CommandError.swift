/// A request the server understood as a frame but cannot run: unknown command, wrong arity, a bad
/// argument. The connection stays usable.
public struct CommandError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The reply prefix: `ERR`, `NOAUTH`, `NOPERM`, `WRONGPASS`, `LIMIT`, …
    public var prefix: String
    public var message: String

    /// An `ERR` error.
    public init(_ message: String) {
        self.init(prefix: "ERR", message)
    }

    public init(prefix: String, _ message: String) {
        self.prefix = prefix
        self.message = message
    }

    public var description: String { "\(prefix) \(message)" }

    /// The error reply.
    public var reply: RESPValue { .error(description) }
}
