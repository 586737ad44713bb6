/// The top-level fields of an encoded protobuf message, read by hand from the wire format (a varint
/// tag of field number << 3 | wire type, then the value), so that the tests check field numbers
/// against the published contract rather than against the generated code that wrote them.
struct WireFields {
    /// One field as it appeared on the wire: its number, wire type and, for a length-delimited
    /// field (wire type 2), its payload; for a varint (wire type 0), the value.
    struct Field: Equatable {
        var number: UInt64
        var wireType: UInt8
        var payload: [UInt8] = []
        var varint: UInt64 = 0
    }

    /// A byte sequence that is not a message of varint and length-delimited fields.
    struct Malformed: Error {
        var offset: Int
    }

    var fields: [Field] = []

    init(_ bytes: [UInt8]) throws {
        var offset = 0
        func readVarint() throws -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count, shift < 64 {
                let byte = bytes[offset]
                offset += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            throw Malformed(offset: offset)
        }
        while offset < bytes.count {
            let tag = try readVarint()
            var field = Field(number: tag >> 3, wireType: UInt8(tag & 7))
            switch field.wireType {
            case 0:
                field.varint = try readVarint()
            case 2:
                let length = Int(try readVarint())
                guard length <= bytes.count - offset else { throw Malformed(offset: offset) }
                field.payload = Array(bytes[offset..<offset + length])
                offset += length
            default:
                throw Malformed(offset: offset)
            }
            fields.append(field)
        }
    }

    /// The UTF-8 text of every length-delimited field, by field number.
    var strings: [UInt64: String] {
        var result: [UInt64: String] = [:]
        for field in fields where field.wireType == 2 {
            result[field.number] = String(decoding: field.payload, as: UTF8.self)
        }
        return result
    }

    /// The payload of the length-delimited field `number`, if present.
    func payload(_ number: UInt64) -> [UInt8]? {
        fields.first { $0.number == number && $0.wireType == 2 }?.payload
    }
}
