/// One entry of the command table: what `COMMAND` reports and what authorisation checks.
public struct CommandSpec: Hashable, Sendable {
    /// Who may run a command.
    public enum Role: Int, Comparable, Hashable, Sendable {
        /// Anyone, before authenticating too (PING, AUTH, HELLO, QUIT).
        case anyone = 0
        case reader = 1
        case writer = 2
        case admin = 3

        public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Upper-case name, e.g. `CACHE.GET`.
    public var name: String
    /// Redis convention: `n` means exactly `n` arguments counting the name, `-n` at least `n`.
    public var arity: Int
    /// What `COMMAND` reports about a command, and what the server schedules by.
    public enum Flag: String, Hashable, Sendable {
        /// Reads only: may run beside the connection's other reads.
        case readonly
        /// Changes the catalog: runs after everything before it on its connection.
        case write
        /// Answers in constant time.
        case fast
        /// An operator command.
        case admin
        /// Allowed before authenticating.
        case noauth
    }

    /// `COMMAND` flags.
    public var flags: [Flag]
    public var role: Role
    /// Key positions for `COMMAND` (first, last, step); 0 when the command has no keys.
    public var firstKey: Int
    public var lastKey: Int
    public var keyStep: Int
    /// One line for `COMMAND DOCS`.
    public var summary: String

    public init(
        _ name: String, arity: Int, flags: [Flag], role: Role, keys: (Int, Int, Int) = (0, 0, 0), summary: String
    ) {
        self.name = name
        self.arity = arity
        self.flags = flags
        self.role = role
        (firstKey, lastKey, keyStep) = keys
        self.summary = summary
    }

    /// Whether `count` arguments (name included) fit the arity.
    public func accepts(argumentCount count: Int) -> Bool {
        arity >= 0 ? count == arity : count >= -arity
    }
}
