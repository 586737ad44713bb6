/// Appends varints, bytes and strings: the engine's state and definition encodings.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    /// LEB128, seven bits per byte.
    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func varint(_ value: Int) { varint(UInt64(max(0, value))) }

    /// Zig-zag, so small negative numbers stay short.
    mutating func signed(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    mutating func data(_ value: [UInt8]) {
        varint(value.count)
        bytes.append(contentsOf: value)
    }

    mutating func string(_ value: String) { data(Array(value.utf8)) }
}

/// Reads what ``BinaryWriter`` wrote, throwing on anything truncated or out of range.
struct BinaryReader {
    private let bytes: [UInt8]
    private var offset = 0
    let what: String

    init(_ bytes: [UInt8], what: String) {
        self.bytes = bytes
        self.what = what
    }

    var isAtEnd: Bool { offset == bytes.count }

    func failure(_ message: String) -> EngineError {
        EngineError(.corruptState, "\(what) is corrupt: \(message) at byte \(offset)")
    }

    mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw failure("truncated") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw failure("varint too long") }
            value |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// A varint that must be at most `limit`.
    mutating func count(limit: Int) throws -> Int {
        let value = try varint()
        guard value <= UInt64(limit) else { throw failure("\(value) exceeds \(limit)") }
        return Int(value)
    }

    mutating func signed() throws -> Int64 {
        let value = try varint()
        return Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }

    mutating func data() throws -> [UInt8] {
        let length = try varint()
        // Checked after reading the length: the bytes left are those after it.
        guard length <= UInt64(bytes.count - offset) else { throw failure("length \(length) exceeds the input") }
        let end = offset + Int(length)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }

    mutating func string() throws -> String {
        let data = try data()
        guard let text = String(validating: data, as: UTF8.self) else { throw failure("invalid UTF-8") }
        return text
    }
}
