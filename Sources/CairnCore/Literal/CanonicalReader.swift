/// Reads the primitives of Cairn's canonical encodings, rejecting every input that is not exactly
/// what ``CanonicalWriter`` would produce: truncation, over-long or overflowing varints, lengths
/// past the end, invalid UTF-8, `-0.0` or a NaN other than the canonical one.
///
/// Errors are ``CairnError/Code/invalidArgument`` about `field` and name the byte offset.
package struct CanonicalReader {
    /// How deep lists, maps, structs (and types) may nest before decoding gives up.
    static let maximumDepth = 64
    /// The most elements reserved up front for a count read from the input. Counts are checked
    /// against the bytes left, but 64 nested lists could each claim half the input; past this the
    /// arrays grow as values actually arrive.
    static let maximumReservation = 1024

    package let bytes: [UInt8]
    let field: String
    private(set) var offset = 0

    package init(bytes: [UInt8], field: String) {
        self.bytes = bytes
        self.field = field
    }

    package var remaining: Int { bytes.count - offset }

    package func error(_ message: String, at position: Int? = nil) -> CairnError {
        CairnError.invalid(field, "\(message) at byte \(position ?? offset) of \(bytes.count)")
    }

    package mutating func readByte() throws -> UInt8 {
        guard offset < bytes.count else { throw error("truncated") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readTag() throws -> CanonicalTag {
        let start = offset
        let byte = try readByte()
        // The content-only tags never appear in a canonical encoding.
        guard let tag = CanonicalTag(rawValue: byte), tag != .fileContent, tag != .offloadedContent else {
            throw error("unknown tag 0x\(String(byte, radix: 16))", at: start)
        }
        return tag
    }

    /// A minimal unsigned LEB128 varint of at most 64 bits.
    package mutating func readVarint() throws -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            // The tenth byte holds the 64th bit and nothing else: no more payload, no continuation.
            if shift == 63, byte > 1 {
                throw error("varint overflows 64 bits", at: start)
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                if shift > 0, byte == 0 { throw error("varint is not minimal", at: start) }
                return value
            }
            shift += 7
        }
    }

    package mutating func readSigned() throws -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A count of items that each take at least `minimumSize` bytes, so a count the remaining input
    /// cannot hold is rejected before anything is allocated for it.
    package mutating func readCount(minimumSize: Int) throws -> Int {
        let start = offset
        let count = try readVarint()
        guard count <= UInt64(remaining / minimumSize) else {
            throw error("count \(count) exceeds the remaining \(remaining) bytes", at: start)
        }
        return Int(count)
    }

    package mutating func readFloat() throws -> Double {
        let start = offset
        guard remaining >= 8 else { throw error("truncated float") }
        var bits: UInt64 = 0
        for index in 0..<8 {
            bits |= UInt64(bytes[offset + index]) << UInt64(8 * index)
        }
        offset += 8
        let value = Double(bitPattern: bits)
        guard Literal.normalizedFloat(value).bitPattern == bits else {
            throw error("float 0x\(String(bits, radix: 16)) is not normalised", at: start)
        }
        return value
    }

    package mutating func readRawBytes(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count <= remaining else { throw error("\(count) bytes run past the end") }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    package mutating func readBytes() throws -> [UInt8] {
        Array(try readRawBytes(readCount(minimumSize: 1)))
    }

    /// A length-prefixed UTF-8 string; with `requireNFC` also in Unicode Normalization Form C.
    package mutating func readString(requireNFC: Bool) throws -> String {
        let start = offset
        let utf8 = try readRawBytes(readCount(minimumSize: 1))
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw error("string is not valid UTF-8", at: start)
        }
        if requireNFC, !Literal.isNFC(text) {
            throw error("string is not in Unicode NFC", at: start)
        }
        return text
    }

    package mutating func readDigest() throws -> SHA256Digest {
        SHA256Digest(bytes: try readRawBytes(32))!
    }

    package func expectEnd() throws {
        guard offset == bytes.count else { throw error("\(remaining) trailing bytes") }
    }
}
