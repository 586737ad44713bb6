import NIOCore

/// A value of the Redis serialization protocol, as Cairn writes replies. RESP3-only types fall
/// back to their RESP2 equivalents when a connection has not switched with `HELLO 3`.
public enum RESPValue: Hashable, Sendable {
    /// `+OK`: a short status line without CR or LF.
    case simpleString(String)
    /// `-ERR message`: the first word is the error's prefix (``RESPError``).
    case error(String)
    /// `:42`.
    case integer(Int64)
    /// `$5\r\nhello`: binary-safe bytes.
    case bulkString(ByteBuffer)
    /// The null reply: `$-1` in RESP2, `_` in RESP3.
    case null
    /// `*n`: an ordered list of values.
    case array([RESPValue])
    /// `,3.5` in RESP3; a bulk string of the decimal text in RESP2.
    case double(Double)
    /// `#t` in RESP3; `:1` / `:0` in RESP2.
    case boolean(Bool)
    /// `%n` key/value pairs in RESP3; a flat array `k1 v1 k2 v2 …` in RESP2.
    case map([(key: RESPValue, value: RESPValue)])

    /// A bulk string holding the UTF-8 of `text`.
    public static func bulk(_ text: String) -> RESPValue { .bulkString(ByteBuffer(string: text)) }

    /// A bulk string holding `bytes`.
    public static func bulk(bytes: some Sequence<UInt8>) -> RESPValue { .bulkString(ByteBuffer(bytes: bytes)) }

    public static func == (lhs: RESPValue, rhs: RESPValue) -> Bool {
        switch (lhs, rhs) {
        case (.simpleString(let a), .simpleString(let b)), (.error(let a), .error(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.bulkString(let a), .bulkString(let b)): a == b
        case (.null, .null): true
        case (.array(let a), .array(let b)): a == b
        case (.double(let a), .double(let b)): a == b || (a.isNaN && b.isNaN)
        case (.boolean(let a), .boolean(let b)): a == b
        case (.map(let a), .map(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .simpleString(let text): hasher.combine(0); hasher.combine(text)
        case .error(let text): hasher.combine(1); hasher.combine(text)
        case .integer(let value): hasher.combine(2); hasher.combine(value)
        case .bulkString(let bytes): hasher.combine(3); hasher.combine(bytes)
        case .null: hasher.combine(4)
        case .array(let values): hasher.combine(5); hasher.combine(values)
        case .double(let value): hasher.combine(6); hasher.combine(value.isNaN ? .nan : value)
        case .boolean(let value): hasher.combine(7); hasher.combine(value)
        case .map(let pairs):
            hasher.combine(8)
            for pair in pairs {
                hasher.combine(pair.key)
                hasher.combine(pair.value)
            }
        }
    }
}

/// Which dialect a connection speaks: RESP2 until `HELLO 3`.
public enum RESPVersion: Int, Hashable, Sendable {
    case resp2 = 2
    case resp3 = 3
}
