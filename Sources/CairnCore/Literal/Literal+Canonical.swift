extension Literal {
    /// The canonical binary encoding of this value: the same bytes for the same (normalised) value
    /// on every run and machine, so it can be hashed, stored and compared.
    ///
    /// The encoding is self-describing. Each value is one tag byte and a body:
    ///
    /// | tag | case | body |
    /// |-----|------|------|
    /// | 01 | int | zig-zag LEB128 varint |
    /// | 02 | float | 8 bytes, little-endian IEEE 754 |
    /// | 03 | string | varint length, UTF-8 (NFC) |
    /// | 04 | bool | one byte, 00 or 01 |
    /// | 05 | bytes | varint length, bytes |
    /// | 06 | datetime | zig-zag varint nanoseconds since the Unix epoch |
    /// | 07 | duration | zig-zag varint nanoseconds |
    /// | 08 | file | uri (varint length, UTF-8), zig-zag varint size, 32 bytes SHA-256 |
    /// | 09 | list | varint count, values |
    /// | 0A | map | varint count, (key, value) pairs with keys in ascending UTF-8 byte order |
    /// | 0B | structure | as map, keyed by field name |
    /// | 0C | offloaded | uri, zig-zag varint size, 32 bytes SHA-256, the type's ``LiteralType/canonicalBytes()`` |
    ///
    /// Values are written as ``normalized()``: `-0.0` as `0.0`, every NaN as `0x7FF8000000000000`,
    /// strings and keys in Unicode NFC.
    public func canonicalBytes() -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(64)
        encode(into: &bytes)
        return bytes
    }

    /// Appends ``canonicalBytes()`` to `bytes`, without an intermediate buffer.
    public func encode(into bytes: inout [UInt8]) {
        var writer = CanonicalWriter()
        swap(&writer.bytes, &bytes)
        writer.writeLiteral(self, form: .canonical)
        swap(&writer.bytes, &bytes)
    }
}

extension CanonicalWriter {
    /// Which encoding of a literal to write.
    enum LiteralForm {
        /// The canonical encoding: decodable, identifies the value.
        case canonical
        /// The content encoding hashed by ``Literal/contentDigest``: files by size and SHA-256 only,
        /// nested offloaded values by their recorded SHA-256.
        case content
    }

    mutating func writeLiteral(_ literal: Literal, form: LiteralForm) {
        switch literal {
        case .int(let value):
            writeTag(.int)
            writeSigned(value)
        case .float(let value):
            writeTag(.float)
            writeFloat(value)
        case .string(let text):
            writeTag(.string)
            writeString(Literal.nfc(text))
        case .bool(let value):
            writeTag(.bool)
            bytes.append(value ? 1 : 0)
        case .bytes(let data):
            writeTag(.bytes)
            writeBytes(data)
        case .datetime(let nanoseconds):
            writeTag(.datetime)
            writeSigned(nanoseconds)
        case .duration(let nanoseconds):
            writeTag(.duration)
            writeSigned(nanoseconds)
        case .file(let file):
            if form == .canonical {
                writeTag(.file)
                writeString(file.uri)
            } else {
                writeTag(.fileContent)
            }
            writeSigned(file.size)
            writeDigest(file.sha256)
        case .list(let values):
            writeTag(.list)
            writeLength(values.count)
            for value in values {
                writeLiteral(value, form: form)
            }
        case .map(let entries):
            writeTag(.map)
            writeEntries(entries, form: form)
        case .structure(let fields):
            writeTag(.structure)
            writeEntries(fields, form: form)
        case .offloaded(let reference):
            if form == .canonical {
                writeTag(.offloaded)
                writeString(reference.uri)
                writeSigned(reference.size)
                writeDigest(reference.sha256)
                writeType(reference.type)
            } else {
                writeTag(.offloadedContent)
                writeDigest(reference.sha256)
            }
        }
    }

    private mutating func writeEntries(_ entries: [String: Literal], form: LiteralForm) {
        writeLength(entries.count)
        if entries.count == 1, let (key, value) = entries.first {
            writeString(Literal.nfc(key))
            writeLiteral(value, form: form)
            return
        }
        var sorted = [(key: String, value: Literal)]()
        sorted.reserveCapacity(entries.count)
        for (key, value) in entries {
            sorted.append((Literal.nfc(key), value))
        }
        sorted.sort { Literal.utf8Precedes($0.key, $1.key) }
        for (key, value) in sorted {
            writeString(key)
            writeLiteral(value, form: form)
        }
    }
}

extension Literal {
    /// Whether `left` sorts before `right` by their UTF-8 bytes, the order of keys in the encodings,
    /// for strings in NFC (callers normalise first).
    ///
    /// Swift orders strings by the Unicode scalars of their NFC forms, and UTF-8 preserves scalar
    /// order, so for NFC strings `<` is this order; it is also a good deal faster than comparing
    /// `utf8` views, having a fast path for ASCII and known-NFC strings.
    @inline(__always)
    static func utf8Precedes(_ left: String, _ right: String) -> Bool {
        left < right
    }
}
