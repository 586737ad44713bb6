import NIOCore

/// Reads replies from a server's byte stream, as a client does: every RESP2 and RESP3 type,
/// incrementally. Complete elements are consumed as soon as they arrive and partly read aggregates
/// are kept on a stack, so a large reply arriving in small pieces is never rescanned; every length,
/// count and nesting level is checked against ``Limits`` before anything is buffered for it.
///
/// RESP3 types without a ``RESPValue`` case of their own are mapped:
/// - `~` set → ``RESPValue/array(_:)``; `%` map → ``RESPValue/map(_:)``;
/// - `(` big number → ``RESPValue/bulkString(_:)`` of its decimal text (exact, whatever its size);
/// - `=` verbatim string → ``RESPValue/bulkString(_:)`` of the text without its `txt:` format prefix;
/// - `!` blob error → ``RESPValue/error(_:)``;
/// - `|` attributes are skipped, and `>` pushes at the top level are dropped: a client matches
///   replies to requests in order, and out-of-band data would shift that order.
public struct RESPReplyDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = RESPValue

    /// The bounds every reply is checked against.
    public let limits: Limits
    /// Aggregates whose elements are still arriving, outermost first.
    var stack: [Aggregate] = []
    /// A `$`, `=` or `!` header that was read: its type byte and length, waiting for the bytes.
    var pendingBlob: (type: UInt8, length: Int)?
    /// Bytes consumed for the reply being read, against ``Limits/maxReplyBytes``.
    var replyBytes = 0

    /// A decoder at the start of a stream.
    public init(limits: Limits = Limits()) { self.limits = limits }

    /// The next complete reply, or `nil` until more bytes arrive.
    /// - Throws: ``RESPProtocolError`` when the stream is not RESP or breaks a limit.
    public mutating func decode(buffer: inout ByteBuffer) throws -> RESPValue? {
        while true {
            let element: RESPValue
            if let blob = pendingBlob {
                guard let value = try readBlob(&buffer, type: blob.type, length: blob.length) else { return nil }
                pendingBlob = nil
                element = value
            } else {
                guard let line = try readLine(&buffer) else { return nil }
                guard let value = try interpret(line.type, line.content) else { continue }
                element = value
            }
            if let reply = complete(element) {
                replyBytes = 0
                return reply
            }
        }
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> RESPValue? {
        try decode(buffer: &buffer)
    }

    /// Adds a finished element to the innermost open aggregate, closing aggregates it fills;
    /// returns a top-level reply once there is one.
    private mutating func complete(_ element: RESPValue) -> RESPValue? {
        var value = element
        while !stack.isEmpty {
            let index = stack.count - 1
            stack[index].values.append(value)
            stack[index].remaining -= 1
            if stack[index].remaining > 0 { return nil }
            let finished = stack.removeLast()
            guard let built = finished.value(topLevel: stack.isEmpty) else { return nil }
            value = built
        }
        return value
    }

    /// The value of a line-typed element, or `nil` after opening an aggregate (or skipping an empty
    /// push or attribute) or reading a blob header.
    private mutating func interpret(_ type: UInt8, _ line: ByteBufferView) throws -> RESPValue? {
        switch type {
        case UInt8(ascii: "+"): return .simpleString(String(decoding: line, as: UTF8.self))
        case UInt8(ascii: "-"): return .error(String(decoding: line, as: UTF8.self))
        case UInt8(ascii: ":"):
            guard let value = Int64(String(decoding: line, as: UTF8.self)) else { throw invalid("integer", line) }
            return .integer(value)
        case UInt8(ascii: "_"):
            guard line.isEmpty else { throw invalid("null", line) }
            return .null
        case UInt8(ascii: ","): return .double(try Self.double(line))
        case UInt8(ascii: "#"):
            guard line.count == 1, line.first == UInt8(ascii: "t") || line.first == UInt8(ascii: "f") else {
                throw invalid("boolean", line)
            }
            return .boolean(line.first == UInt8(ascii: "t"))
        case UInt8(ascii: "("):
            guard Self.isBigNumber(line) else { throw invalid("big number", line) }
            return .bulkString(ByteBuffer(bytes: line))
        case UInt8(ascii: "$"), UInt8(ascii: "="), UInt8(ascii: "!"):
            let length = try length(line, what: "bulk length", code: .invalidBulkLength)
            if length < 0 {
                guard type == UInt8(ascii: "$"), length == -1 else { throw invalid("bulk length", line) }
                return .null
            }
            guard length <= limits.maxBulkLength else {
                throw RESPProtocolError(
                    .invalidBulkLength, "bulk length \(length) over the limit of \(limits.maxBulkLength) bytes")
            }
            try count(bytes: length + 2)
            pendingBlob = (type, length)
            return nil
        case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "|"):
            return try open(type, line)
        default:
            throw RESPProtocolError(.unknownReplyType, "unknown reply type '\(Self.printable(type))'")
        }
    }

    /// Starts an aggregate, or returns it whole when it is null or empty.
    private mutating func open(_ type: UInt8, _ line: ByteBufferView) throws -> RESPValue? {
        let count = try length(line, what: "aggregate length", code: .invalidMultibulkLength)
        let kind = Aggregate.Kind(type)
        if count < 0 {
            guard count == -1, kind == .array else { throw invalid("aggregate length", line) }
            return .null
        }
        guard count <= limits.maxElements else {
            throw RESPProtocolError(
                .tooManyElements, "aggregate of \(count) elements over the limit of \(limits.maxElements)")
        }
        let aggregate = Aggregate(kind: kind, remaining: kind.isKeyed ? count * 2 : count)
        if aggregate.remaining == 0 { return aggregate.value(topLevel: stack.isEmpty) }
        guard stack.count < limits.maxDepth else {
            throw RESPProtocolError(.nestingTooDeep, "aggregates nested deeper than \(limits.maxDepth)")
        }
        stack.append(aggregate)
        return nil
    }

    private func invalid(_ what: String, _ line: ByteBufferView) -> RESPProtocolError {
        RESPProtocolError(.invalidReplyValue, "invalid \(what) '\(String(decoding: line.prefix(32), as: UTF8.self))'")
    }
}
