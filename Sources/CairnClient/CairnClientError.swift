/// What went wrong with a request: an error reply from the server (with its prefix), or a
/// failure of the connection or of the reply's shape.
public struct CairnClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure. Opaque, so kinds can be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable {
            case serverError, connectFailed, connectionClosed, timedOut, protocolViolation, unexpectedReply
            case tooManyRequests, clientClosed
        }

        let base: Base

        /// The server answered with an error reply: see ``CairnClientError/prefix`` and the message.
        public static let serverError = Code(base: .serverError)
        /// No connection could be made, or the connection handshake failed at the transport level.
        public static let connectFailed = Code(base: .connectFailed)
        /// The connection was lost before the reply came. The request may or may not have run;
        /// the next call reconnects.
        public static let connectionClosed = Code(base: .connectionClosed)
        /// No reply within the request timeout. The connection stays open; the late reply is dropped.
        public static let timedOut = Code(base: .timedOut)
        /// The server sent bytes that are not RESP, or a reply nobody asked for; the connection was closed.
        public static let protocolViolation = Code(base: .protocolViolation)
        /// A well-formed reply whose shape does not fit the command (a different server version?).
        public static let unexpectedReply = Code(base: .unexpectedReply)
        /// More requests waiting on the connection than ``CairnClient/Configuration/maxPendingRequests``.
        public static let tooManyRequests = Code(base: .tooManyRequests)
        /// The client was closed.
        public static let clientClosed = Code(base: .clientClosed)

        public var description: String { base.rawValue }
    }

    /// The first word of an error reply, which says what kind of error it is.
    public struct Prefix: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String

        /// A prefix by its text, for prefixes without a constant here.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A bad request: unknown command, wrong arguments, an invalid name.
        public static let err = Prefix(rawValue: "ERR")
        /// The connection has not authenticated.
        public static let noAuth = Prefix(rawValue: "NOAUTH")
        /// The user's role may not run the command.
        public static let noPerm = Prefix(rawValue: "NOPERM")
        /// Wrong user name or password.
        public static let wrongPass = Prefix(rawValue: "WRONGPASS")
        /// A catalog limit was exceeded (value size, items, metadata).
        public static let limit = Prefix(rawValue: "LIMIT")
        /// The store is unavailable (PostgreSQL down, schema out of date): retry later.
        public static let unavailable = Prefix(rawValue: "UNAVAILABLE")
        /// A put carried a fencing token older than the current reservation's.
        public static let fenced = Prefix(rawValue: "FENCED")
        /// The dataset or artifact does not exist.
        public static let notFound = Prefix(rawValue: "NOTFOUND")
        /// The thing to create exists already, with different content.
        public static let exists = Prefix(rawValue: "EXISTS")
        /// A concurrent change won.
        public static let conflict = Prefix(rawValue: "CONFLICT")
        /// The server refused the connection (protected mode).
        public static let denied = Prefix(rawValue: "DENIED")

        public var description: String { rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// For ``Code/serverError``: the reply's prefix (`ERR`, `FENCED`, …).
    public var prefix: Prefix?
    /// What happened, without the prefix.
    public var message: String

    /// An error of `code`; `prefix` is for server error replies.
    public init(_ code: Code, _ message: String, prefix: Prefix? = nil) {
        self.code = code
        self.message = message
        self.prefix = prefix
    }

    /// The error for an error reply's text, `PREFIX message`.
    public init(reply text: String) {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        let first = parts.first.map(String.init) ?? ""
        // Redis's convention: an upper-case first word is the prefix; otherwise the whole text is the message.
        if !first.isEmpty, first.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) {
            self.init(.serverError, parts.count > 1 ? String(parts[1]) : "", prefix: Prefix(rawValue: first))
        } else {
            self.init(.serverError, text, prefix: .err)
        }
    }

    public var description: String {
        if let prefix { return "\(prefix) \(message)" }
        return "\(code): \(message)"
    }
}
