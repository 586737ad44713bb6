extension LiteralType {
    /// A compact, self-describing binary form of the type, for hashing interfaces and for
    /// ``OffloadedLiteral``.
    ///
    /// One tag byte per type, the same numbers as ``Literal/canonicalBytes()`` uses for the values
    /// (`01` int … `08` file); `09` list and `0A` map are followed by the element type; `0B` struct
    /// by a varint field count and, in ascending UTF-8 order of the names, each name (varint length,
    /// UTF-8) and type. A struct built by hand with repeated or invalid field names still encodes,
    /// but ``init(canonicalBytes:)`` rejects the result.
    public func canonicalBytes() -> [UInt8] {
        var writer = CanonicalWriter()
        writer.bytes.reserveCapacity(16)
        writer.writeType(self)
        return writer.bytes
    }

    /// Decodes ``canonicalBytes()``; only the canonical form is accepted.
    /// - Throws: ``CairnError/Code/invalidArgument`` about the field `type`: truncated or trailing
    ///   bytes, unknown tags, field names out of order, repeated or invalid, nesting deeper than 64.
    public init(canonicalBytes: [UInt8]) throws {
        var reader = CanonicalReader(bytes: canonicalBytes, field: "type")
        self = try reader.readType(depth: 1)
        try reader.expectEnd()
    }

    /// The fields of a struct type in name order, however the case was built.
    static func sortedFields(_ fields: [Field]) -> [Field] {
        var sorted = true
        for index in fields.indices.dropFirst() where !Literal.utf8Precedes(fields[index - 1].name, fields[index].name)
        {
            sorted = false
            break
        }
        return sorted ? fields : fields.sorted { Literal.utf8Precedes($0.name, $1.name) }
    }

    /// Equality that ignores the order of struct fields.
    func isEquivalent(to other: LiteralType) -> Bool {
        self == other || canonicalBytes() == other.canonicalBytes()
    }
}

extension CanonicalWriter {
    mutating func writeType(_ type: LiteralType) {
        switch type {
        case .int: writeTag(.int)
        case .float: writeTag(.float)
        case .string: writeTag(.string)
        case .bool: writeTag(.bool)
        case .bytes: writeTag(.bytes)
        case .datetime: writeTag(.datetime)
        case .duration: writeTag(.duration)
        case .file: writeTag(.file)
        case .list(let element):
            writeTag(.list)
            writeType(element)
        case .map(let value):
            writeTag(.map)
            writeType(value)
        case .structure(let fields):
            writeTag(.structure)
            writeLength(fields.count)
            for field in LiteralType.sortedFields(fields) {
                writeString(field.name)
                writeType(field.type)
            }
        }
    }
}

extension CanonicalReader {
    mutating func readType(depth: Int) throws -> LiteralType {
        let start = offset
        switch try readTag() {
        case .int: return .int
        case .float: return .float
        case .string: return .string
        case .bool: return .bool
        case .bytes: return .bytes
        case .datetime: return .datetime
        case .duration: return .duration
        case .file: return .file
        case .list:
            try checkDepth(depth, at: start)
            return .list(try readType(depth: depth + 1))
        case .map:
            try checkDepth(depth, at: start)
            return .map(try readType(depth: depth + 1))
        case .structure:
            try checkDepth(depth, at: start)
            // Every field takes at least three bytes (name length, one name byte, type tag).
            let count = try readCount(minimumSize: 3)
            var fields = [LiteralType.Field]()
            fields.reserveCapacity(min(count, CanonicalReader.maximumReservation))
            for _ in 0..<count {
                let nameStart = offset
                let name = try readString(requireNFC: false)
                if let problem = LiteralType.fieldNameProblem(name) {
                    throw error(problem, at: nameStart)
                }
                if let last = fields.last, !Literal.utf8Precedes(last.name, name) {
                    throw error("field \(name) is out of order or repeated", at: nameStart)
                }
                fields.append(LiteralType.Field(name: name, type: try readType(depth: depth + 1)))
            }
            return .structure(fields)
        case .offloaded, .fileContent, .offloadedContent:
            throw error("tag 0x\(String(bytes[start], radix: 16)) is not a type", at: start)
        }
    }
}
