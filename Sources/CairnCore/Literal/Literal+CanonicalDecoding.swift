extension Literal {
    /// How deep lists, maps and structs may nest in an encoding that ``init(canonicalBytes:)`` reads.
    public static let maximumDecodingDepth = CanonicalReader.maximumDepth

    /// Decodes ``canonicalBytes()``.
    ///
    /// Only the canonical encoding is accepted, so that every value has exactly one encoding and
    /// `Literal(canonicalBytes: b).canonicalBytes() == b` whenever this succeeds. Rejected: truncated
    /// input, trailing bytes, unknown tags, over-long varints, lengths past the end, invalid UTF-8,
    /// strings or keys not in NFC, `-0.0`, non-canonical NaNs, bool bytes other than 0 and 1, keys
    /// out of order or repeated, and nesting deeper than ``maximumDecodingDepth``.
    /// - Throws: ``CairnError/Code/invalidArgument`` about the field `literal`, naming the byte offset.
    public init(canonicalBytes: [UInt8]) throws {
        var reader = CanonicalReader(bytes: canonicalBytes, field: "literal")
        self = try reader.readLiteral(depth: 1)
        try reader.expectEnd()
    }
}

extension CanonicalReader {
    mutating func readLiteral(depth: Int) throws -> Literal {
        let start = offset
        switch try readTag() {
        case .int:
            return .int(try readSigned())
        case .float:
            return .float(try readFloat())
        case .string:
            return .string(try readString(requireNFC: true))
        case .bool:
            switch try readByte() {
            case 0: return .bool(false)
            case 1: return .bool(true)
            case let other: throw error("bool byte \(other) is neither 0 nor 1", at: offset - 1)
            }
        case .bytes:
            return .bytes(try readBytes())
        case .datetime:
            return .datetime(nanoseconds: try readSigned())
        case .duration:
            return .duration(nanoseconds: try readSigned())
        case .file:
            let uri = try readString(requireNFC: false)
            return .file(FileLiteral(uri: uri, size: try readSigned(), sha256: try readDigest()))
        case .list:
            try checkDepth(depth, at: start)
            // Every value takes at least two bytes (tag and body).
            let count = try readCount(minimumSize: 2)
            var values = [Literal]()
            values.reserveCapacity(min(count, CanonicalReader.maximumReservation))
            for _ in 0..<count {
                values.append(try readLiteral(depth: depth + 1))
            }
            return .list(values)
        case .map:
            try checkDepth(depth, at: start)
            return .map(try readEntries(depth: depth))
        case .structure:
            try checkDepth(depth, at: start)
            return .structure(try readEntries(depth: depth))
        case .offloaded:
            let uri = try readString(requireNFC: false)
            let size = try readSigned()
            let sha256 = try readDigest()
            let type = try readType(depth: 1)
            return .offloaded(OffloadedLiteral(uri: uri, size: size, sha256: sha256, type: type))
        case .fileContent, .offloadedContent:
            // readTag rejects these; the content encoding is hashed, never read.
            throw error("unknown tag", at: start)
        }
    }

    func checkDepth(_ depth: Int, at position: Int) throws {
        guard depth <= Self.maximumDepth else {
            throw error("nesting deeper than \(Self.maximumDepth)", at: position)
        }
    }

    /// Map or struct entries, whose keys must be strictly ascending by UTF-8 bytes.
    private mutating func readEntries(depth: Int) throws -> [String: Literal] {
        // Every entry takes at least three bytes (key length, value tag and body).
        let count = try readCount(minimumSize: 3)
        var entries = [String: Literal](minimumCapacity: min(count, CanonicalReader.maximumReservation))
        var previous: String?
        for _ in 0..<count {
            let keyStart = offset
            let key = try readString(requireNFC: true)
            if let previous, !Literal.utf8Precedes(previous, key) {
                throw error("key \(Literal.quoted(key)) is out of order or repeated", at: keyStart)
            }
            entries[key] = try readLiteral(depth: depth + 1)
            previous = key
        }
        return entries
    }
}
