/// Writes compact JSON text (RFC 8259) into a UTF-8 buffer: the building blocks of
/// ``Literal/jsonText()``.
struct JSONTextWriter {
    private(set) var bytes: [UInt8] = []

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func reserveCapacity(_ count: Int) {
        bytes.reserveCapacity(count)
    }

    @inline(__always)
    mutating func writeByte(_ scalar: Unicode.Scalar) {
        bytes.append(UInt8(ascii: scalar))
    }

    /// ASCII or already-escaped text, written as it is.
    mutating func writeRaw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func writeInteger(_ value: Int64) {
        writeRaw(String(value))
    }

    /// A JSON string: `"`, `\` and control characters escaped, everything else as UTF-8.
    mutating func writeString(_ text: String) {
        writeByte("\"")
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                writeEscape(byte)
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        writeByte("\"")
    }

    private mutating func writeEscape(_ byte: UInt8) {
        bytes.append(0x5C)
        switch byte {
        case 0x22: writeByte("\"")
        case 0x5C: writeByte("\\")
        case 0x08: writeByte("b")
        case 0x0C: writeByte("f")
        case 0x0A: writeByte("n")
        case 0x0D: writeByte("r")
        case 0x09: writeByte("t")
        default:
            let digits = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
        }
    }

    /// Base64 (RFC 4648, with padding) of `data`, as a JSON string.
    mutating func writeBase64(_ data: [UInt8]) {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        writeByte("\"")
        bytes.reserveCapacity(bytes.count + (data.count + 2) / 3 * 4 + 1)
        var index = 0
        while index + 3 <= data.count {
            let group = UInt32(data[index]) << 16 | UInt32(data[index + 1]) << 8 | UInt32(data[index + 2])
            for shift in [18, 12, 6, 0] as [UInt32] {
                bytes.append(alphabet[Int(group >> shift & 0x3F)])
            }
            index += 3
        }
        let rest = data.count - index
        if rest > 0 {
            let group = UInt32(data[index]) << 16 | (rest == 2 ? UInt32(data[index + 1]) << 8 : 0)
            bytes.append(alphabet[Int(group >> 18 & 0x3F)])
            bytes.append(alphabet[Int(group >> 12 & 0x3F)])
            bytes.append(rest == 2 ? alphabet[Int(group >> 6 & 0x3F)] : UInt8(ascii: "="))
            writeByte("=")
        }
        writeByte("\"")
    }
}
