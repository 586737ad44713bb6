/// Bounds on what one request may be, so a client cannot make the server buffer without limit.
/// Every field is configuration (`cairn serve --max-…`); the defaults are safe for a cache whose
/// largest inline value is 16 MiB.
public struct RESPDecoderLimits: Hashable, Sendable {
    /// Longest inline command line, in bytes (Redis: 64 KiB).
    public var maxInlineLength = 64 * 1024
    /// Longest bulk string, in bytes.
    public var maxBulkLength = 32 << 20
    /// Most arguments in one command.
    public var maxArguments = 65_536
    /// Most bytes of bulk strings in one command.
    public var maxRequestBytes = 64 << 20

    public init() {}

    /// Longest `*<count>` or `$<length>` header line: a sign, 19 digits, CR.
    static let maxHeaderLength = 24
}
