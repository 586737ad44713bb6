/// A request (or, for a client, a reply) the decoder cannot read. After one of these the byte stream
/// cannot be trusted: the server replies with the message and closes that connection; a client closes
/// its connection and fails the requests waiting on it.
public struct RESPProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable {
            case invalidMultibulkLength, invalidBulkLength, expectedBulk, missingCRLF
            case inlineTooLong, headerTooLong, unbalancedQuotes, tooManyArguments, requestTooLarge
            case unknownReplyType, invalidReplyValue, lineTooLong, tooManyElements, nestingTooDeep, replyTooLarge
        }

        let base: Base

        /// `*` not followed by a valid count.
        public static let invalidMultibulkLength = Code(base: .invalidMultibulkLength)
        /// `$` not followed by a valid length, or a length over the limit.
        public static let invalidBulkLength = Code(base: .invalidBulkLength)
        /// A multibulk element that is not a bulk string.
        public static let expectedBulk = Code(base: .expectedBulk)
        /// A bulk string not followed by CRLF.
        public static let missingCRLF = Code(base: .missingCRLF)
        /// An inline command longer than the limit without a newline.
        public static let inlineTooLong = Code(base: .inlineTooLong)
        /// A `*` or `$` header longer than any valid one.
        public static let headerTooLong = Code(base: .headerTooLong)
        /// An inline command with a quote that does not close.
        public static let unbalancedQuotes = Code(base: .unbalancedQuotes)
        /// More arguments than the limit.
        public static let tooManyArguments = Code(base: .tooManyArguments)
        /// A request whose bulk strings add up to more than the limit.
        public static let requestTooLarge = Code(base: .requestTooLarge)
        /// A reply starting with a byte that is no RESP2 or RESP3 type.
        public static let unknownReplyType = Code(base: .unknownReplyType)
        /// A reply line that does not hold what its type needs: a number, `t`/`f`, nothing for `_`.
        public static let invalidReplyValue = Code(base: .invalidReplyValue)
        /// A status, error or number line longer than the reply decoder's limit.
        public static let lineTooLong = Code(base: .lineTooLong)
        /// An aggregate reply announcing more elements than the reply decoder's limit.
        public static let tooManyElements = Code(base: .tooManyElements)
        /// Aggregates nested deeper than the reply decoder's limit.
        public static let nestingTooDeep = Code(base: .nestingTooDeep)
        /// One reply larger, in bytes, than the reply decoder's limit.
        public static let replyTooLarge = Code(base: .replyTooLarge)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// What the client is told, after `-ERR Protocol error: `.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "Protocol error: \(message)" }
}
