import NIOCore

extension RESPReplyDecoder {
    /// Reads one `<type><content>\r\n` line; `nil` until the whole line is there.
    mutating func readLine(_ buffer: inout ByteBuffer) throws -> (type: UInt8, content: ByteBufferView)? {
        let view = buffer.readableBytesView
        guard let type = view.first else { return nil }
        // Refuse garbage at once rather than wait for a newline that may never come.
        guard Self.types.contains(type) else {
            throw RESPProtocolError(.unknownReplyType, "unknown reply type '\(Self.printable(type))'")
        }
        // The type byte, the content and CR LF.
        let longest = limits.maxLineLength + 3
        guard let newline = view.prefix(longest).firstIndex(of: 10) else {
            if view.count >= longest {
                throw RESPProtocolError(.lineTooLong, "reply line longer than \(limits.maxLineLength) bytes")
            }
            return nil
        }
        guard newline >= view.startIndex + 2, view[newline - 1] == 13 else {
            throw RESPProtocolError(.missingCRLF, "reply line not ended by CRLF")
        }
        let content = view[(view.startIndex + 1)..<(newline - 1)]
        try count(bytes: newline - view.startIndex + 1)
        buffer.moveReaderIndex(forwardBy: newline - view.startIndex + 1)
        return (type, content)
    }

    /// Reads the bytes of a `$`, `=` or `!` string whose header was read; `nil` until they are all there.
    mutating func readBlob(_ buffer: inout ByteBuffer, type: UInt8, length: Int) throws -> RESPValue? {
        guard buffer.readableBytes >= length + 2 else { return nil }
        var bytes = buffer.readSlice(length: length)!
        guard buffer.readInteger(as: UInt16.self) == 0x0D0A else {
            throw RESPProtocolError(.missingCRLF, "bulk string of \(length) bytes not followed by CRLF")
        }
        switch type {
        case UInt8(ascii: "="):
            // `txt:` or `mkd:`, then the text.
            guard length >= 4, bytes.getInteger(at: bytes.readerIndex + 3, as: UInt8.self) == UInt8(ascii: ":") else {
                throw RESPProtocolError(.invalidReplyValue, "verbatim string without a format prefix")
            }
            bytes.moveReaderIndex(forwardBy: 4)
            return .bulkString(bytes)
        case UInt8(ascii: "!"): return .error(String(buffer: bytes))
        default: return .bulkString(bytes)
        }
    }

    /// A length or count header: `-1` or more.
    func length(_ line: ByteBufferView, what: String, code: RESPProtocolError.Code) throws -> Int {
        guard let value = RESPRequestDecoder.integer(line), value >= -1 else {
            throw RESPProtocolError(code, "invalid \(what) '\(String(decoding: line.prefix(32), as: UTF8.self))'")
        }
        return value
    }

    /// Counts `bytes` more towards the reply being read, before they are buffered.
    mutating func count(bytes: Int) throws {
        replyBytes += bytes
        if replyBytes > limits.maxReplyBytes {
            throw RESPProtocolError(.replyTooLarge, "reply larger than \(limits.maxReplyBytes) bytes")
        }
    }

    /// `1.5`, `-2e10`, `inf`, `-inf`, `nan`.
    static func double(_ line: ByteBufferView) throws -> Double {
        guard !line.isEmpty, line.count <= 64, let value = Double(String(decoding: line, as: UTF8.self)) else {
            throw RESPProtocolError(
                .invalidReplyValue, "invalid double '\(String(decoding: line.prefix(32), as: UTF8.self))'")
        }
        return value
    }

    /// An optional sign and at least one decimal digit.
    static func isBigNumber(_ line: ByteBufferView) -> Bool {
        let digits = line.first == UInt8(ascii: "-") || line.first == UInt8(ascii: "+") ? line.dropFirst() : line[...]
        return !digits.isEmpty && digits.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// The type bytes of RESP2 and RESP3.
    static let types = Set("+-:$*_,#(=!~>%|".utf8)

    static func printable(_ byte: UInt8) -> String {
        byte >= 0x21 && byte <= 0x7E ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
    }
}
