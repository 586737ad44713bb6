import NIOCore

/// Reads requests from a client's byte stream: multibulk (`*2\r\n$4\r\nPING\r\n…`) and inline
/// (`PING\r\n`), incrementally. Arguments are consumed as soon as each is complete, so a large
/// request arriving in small pieces is never rescanned; every length is checked against
/// ``RESPDecoderLimits`` before anything is buffered for it.
public struct RESPRequestDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = RESPRequest

    public let limits: RESPDecoderLimits
    /// Arguments the current multibulk request announced; 0 between requests.
    private var expected = 0
    private var collected: [ByteBuffer] = []
    private var collectedBytes = 0
    /// The length of the bulk string being waited for, once its `$` header is read.
    private var pendingBulk: Int?

    public init(limits: RESPDecoderLimits = RESPDecoderLimits()) { self.limits = limits }

    public mutating func decode(buffer: inout ByteBuffer) throws -> RESPRequest? {
        while true {
            if expected == 0 {
                guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
                if first == UInt8(ascii: "*") {
                    guard let count = try readHeader(&buffer, code: .invalidMultibulkLength, what: "multibulk length")
                    else { return nil }
                    if count > limits.maxArguments {
                        throw RESPProtocolError(
                            .tooManyArguments, "too many arguments: \(count), limit \(limits.maxArguments)")
                    }
                    // *0 and *-1 carry no command: skip them, as Redis does.
                    if count > 0 {
                        expected = count
                        collected.reserveCapacity(min(count, 1024))
                    }
                    continue
                }
                guard let line = try readInlineLine(&buffer) else { return nil }
                let arguments = try InlineCommand.split(line.readableBytesView)
                if arguments.isEmpty { continue }
                if arguments.count > limits.maxArguments {
                    throw RESPProtocolError(
                        .tooManyArguments, "too many arguments: \(arguments.count), limit \(limits.maxArguments)")
                }
                return RESPRequest(arguments: arguments)
            }
            if let length = pendingBulk {
                guard buffer.readableBytes >= length + 2 else { return nil }
                let argument = buffer.readSlice(length: length)!
                guard buffer.readInteger(as: UInt16.self) == 0x0D0A else {
                    throw RESPProtocolError(.missingCRLF, "bulk string of \(length) bytes not followed by CRLF")
                }
                pendingBulk = nil
                collected.append(argument)
                if collected.count == expected {
                    let request = RESPRequest(arguments: collected)
                    expected = 0
                    collected = []
                    collectedBytes = 0
                    return request
                }
                continue
            }
            guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
            guard first == UInt8(ascii: "$") else {
                throw RESPProtocolError(.expectedBulk, "expected '$', got '\(Self.printable(first))'")
            }
            guard let length = try readHeader(&buffer, code: .invalidBulkLength, what: "bulk length") else {
                return nil
            }
            guard length >= 0 else {
                throw RESPProtocolError(.invalidBulkLength, "invalid bulk length \(length)")
            }
            guard length <= limits.maxBulkLength else {
                throw RESPProtocolError(
                    .invalidBulkLength, "invalid bulk length \(length) (limit \(limits.maxBulkLength) bytes)")
            }
            collectedBytes += length
            if collectedBytes > limits.maxRequestBytes {
                throw RESPProtocolError(
                    .requestTooLarge, "request larger than \(limits.maxRequestBytes) bytes")
            }
            pendingBulk = length
        }
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> RESPRequest? {
        try decode(buffer: &buffer)
    }

    /// Reads `*<n>` or `$<n>` and its line end; `nil` until the whole line is there.
    private func readHeader(_ buffer: inout ByteBuffer, code: RESPProtocolError.Code, what: String) throws -> Int? {
        let view = buffer.readableBytesView
        let searched = view.prefix(RESPDecoderLimits.maxHeaderLength + 2)
        guard let newline = searched.firstIndex(of: 10) else {
            if view.count > RESPDecoderLimits.maxHeaderLength + 1 {
                throw RESPProtocolError(.headerTooLong, "\(what) line too long")
            }
            return nil
        }
        var end = newline
        if end > view.startIndex, view[end - 1] == 13 { end -= 1 }
        let digits = view[(view.startIndex + 1)..<end]
        guard let value = Self.integer(digits) else {
            throw RESPProtocolError(code, "invalid \(what)")
        }
        buffer.moveReaderIndex(forwardBy: newline - view.startIndex + 1)
        return value
    }

    /// Reads one inline line without its line end; `nil` until the newline arrives.
    private func readInlineLine(_ buffer: inout ByteBuffer) throws -> ByteBuffer? {
        let view = buffer.readableBytesView
        guard let newline = view.prefix(limits.maxInlineLength + 1).firstIndex(of: 10) else {
            if view.count > limits.maxInlineLength {
                throw RESPProtocolError(
                    .inlineTooLong, "too big inline request (limit \(limits.maxInlineLength) bytes)")
            }
            return nil
        }
        let length = newline - view.startIndex
        var line = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        if line.readableBytesView.last == 13 { line.moveWriterIndex(to: line.writerIndex - 1) }
        return line
    }

    /// An optional `-` and 1...19 decimal digits.
    static func integer(_ digits: ByteBufferView.SubSequence) -> Int? {
        var index = digits.startIndex
        var negative = false
        if index < digits.endIndex, digits[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let count = digits.endIndex - index
        guard count > 0, count <= 19 else { return nil }
        var value = 0
        while index < digits.endIndex {
            let digit = digits[index]
            guard digit >= 48, digit <= 57 else { return nil }
            // 19 digits can exceed Int.max: overflow is an invalid length, not a trap.
            let (times10, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowedAgain) = times10.addingReportingOverflow(Int(digit - 48))
            guard !overflowed, !overflowedAgain else { return nil }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }

    private static func printable(_ byte: UInt8) -> String {
        byte >= 0x21 && byte <= 0x7E ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
    }
}
