extension Literal {
    /// Compact, deterministic JSON for people and task processes, of the ``normalized()`` value:
    ///
    /// - int: a number; float: the shortest number that reads back to the same double, or the
    ///   string `"NaN"`, `"Infinity"` or `"-Infinity"`; string, bool: themselves;
    /// - bytes: a base64 string; datetime: an RFC 3339 UTC string such as `"2026-11-21T10:00:00.5Z"`;
    ///   duration: a string of seconds such as `"1.5s"`;
    /// - file: `{"path": uri, "sha256": hex, "size": n}`;
    /// - offloaded: `{"$offloaded": {"sha256": hex, "size": n, "type": "list<int>", "uri": uri}}`;
    /// - list: an array; map and struct: objects with keys in ascending UTF-8 order.
    ///
    /// ``init(jsonText:as:path:file:)`` reads it back given the type.
    public func jsonText() -> String {
        var writer = JSONTextWriter()
        writer.reserveCapacity(64)
        writer.writeLiteral(self)
        return writer.text
    }
}

extension JSONTextWriter {
    mutating func writeLiteral(_ literal: Literal) {
        switch literal {
        case .int(let value):
            writeInteger(value)
        case .float(let value):
            writeFloat(value)
        case .string(let text):
            writeString(Literal.nfc(text))
        case .bool(let value):
            writeRaw(value ? "true" : "false")
        case .bytes(let data):
            writeBase64(data)
        case .datetime(let nanoseconds):
            writeString(RFC3339.format(nanoseconds: nanoseconds))
        case .duration(let nanoseconds):
            writeString(DurationText.format(nanoseconds: nanoseconds))
        case .file(let file):
            writeRaw("{\"path\":")
            writeString(file.uri)
            writeRaw(",\"sha256\":\"\(file.sha256.hex)\",\"size\":")
            writeInteger(file.size)
            writeByte("}")
        case .list(let values):
            writeByte("[")
            for (index, value) in values.enumerated() {
                if index > 0 { writeByte(",") }
                writeLiteral(value)
            }
            writeByte("]")
        case .map(let entries), .structure(let entries):
            writeObject(entries)
        case .offloaded(let reference):
            writeRaw("{\"$offloaded\":{\"sha256\":\"\(reference.sha256.hex)\",\"size\":")
            writeInteger(reference.size)
            writeRaw(",\"type\":")
            writeString(reference.type.description)
            writeRaw(",\"uri\":")
            writeString(reference.uri)
            writeRaw("}}")
        }
    }

    private mutating func writeFloat(_ value: Double) {
        if value.isNaN {
            writeRaw("\"NaN\"")
        } else if value.isInfinite {
            writeRaw(value < 0 ? "\"-Infinity\"" : "\"Infinity\"")
        } else {
            // Swift prints the shortest digits that read back exactly, in a form JSON accepts
            // (`1.0`, `1e-05`, `1e+16`).
            writeRaw(Literal.normalizedFloat(value).description)
        }
    }

    private mutating func writeObject(_ entries: [String: Literal]) {
        writeByte("{")
        let keys = entries.keys.map { (normalized: Literal.nfc($0), key: $0) }
            .sorted { Literal.utf8Precedes($0.normalized, $1.normalized) }
        for (index, key) in keys.enumerated() {
            if index > 0 { writeByte(",") }
            writeString(key.normalized)
            writeByte(":")
            writeLiteral(entries[key.key]!)
        }
        writeByte("}")
    }
}
