import NIOCore

/// Splits an inline command (`SET "a key" 'it''s' \x41`) into arguments the way Redis does:
/// spaces and tabs separate arguments; double quotes allow `\n \r \t \b \a \\ \" \xHH`; single
/// quotes allow `\'`; a closing quote must be followed by a space or the end of the line.
enum InlineCommand {
    static func split(_ line: ByteBufferView) throws -> [ByteBuffer] {
        let bytes = Array(line)
        var arguments: [ByteBuffer] = []
        var index = 0
        func isSpace(_ byte: UInt8) -> Bool {
            byte == 32 || byte == 9 || byte == 10 || byte == 13 || byte == 11 || byte == 12
        }
        while true {
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            if index == bytes.count { return arguments }
            var current: [UInt8] = []
            var inDouble = false
            var inSingle = false
            while true {
                if inDouble {
                    guard index < bytes.count else { throw unbalanced }
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\\"), index + 3 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"),
                        let high = hex(bytes[index + 2]), let low = hex(bytes[index + 3])
                    {
                        current.append(high << 4 | low)
                        index += 4
                        continue
                    }
                    if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                        current.append(escaped(bytes[index + 1]))
                        index += 2
                        continue
                    }
                    if byte == UInt8(ascii: "\"") {
                        index += 1
                        guard index == bytes.count || isSpace(bytes[index]) else { throw unbalanced }
                        break
                    }
                    current.append(byte)
                    index += 1
                } else if inSingle {
                    guard index < bytes.count else { throw unbalanced }
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "'") {
                        current.append(UInt8(ascii: "'"))
                        index += 2
                        continue
                    }
                    if byte == UInt8(ascii: "'") {
                        index += 1
                        guard index == bytes.count || isSpace(bytes[index]) else { throw unbalanced }
                        break
                    }
                    current.append(byte)
                    index += 1
                } else {
                    if index == bytes.count || isSpace(bytes[index]) { break }
                    let byte = bytes[index]
                    index += 1
                    if byte == UInt8(ascii: "\"") {
                        inDouble = true
                    } else if byte == UInt8(ascii: "'") {
                        inSingle = true
                    } else {
                        current.append(byte)
                    }
                }
            }
            arguments.append(ByteBuffer(bytes: current))
        }
    }

    private static var unbalanced: RESPProtocolError {
        RESPProtocolError(.unbalancedQuotes, "unbalanced quotes in request")
    }

    private static func escaped(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "n"): 10
        case UInt8(ascii: "r"): 13
        case UInt8(ascii: "t"): 9
        case UInt8(ascii: "b"): 8
        case UInt8(ascii: "a"): 7
        default: byte
        }
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
