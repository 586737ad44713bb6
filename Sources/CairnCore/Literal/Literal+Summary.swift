extension Literal {
    /// A short description for error messages: the kind and, for scalars, the value, e.g.
    /// `string "abc"`, `int 5`, `list of 3 values`.
    var summary: String {
        switch self {
        case .int(let value): "int \(value)"
        case .float(let value): "float \(value)"
        case .string(let text): "string \(Self.quoted(text))"
        case .bool(let value): "bool \(value)"
        case .bytes(let data): "bytes (\(data.count) bytes)"
        case .datetime(let nanoseconds): "datetime \(RFC3339.format(nanoseconds: nanoseconds))"
        case .duration(let nanoseconds): "duration \(DurationText.format(nanoseconds: nanoseconds))"
        case .file(let file): "file \(Self.quoted(file.uri))"
        case .list(let values): "list of \(Self.count(values.count, "value"))"
        case .map(let entries): "map of \(Self.count(entries.count, "entry", plural: "entries"))"
        case .structure(let fields) where fields.isEmpty: "struct with no fields"
        case .structure(let fields):
            "struct with fields \(fields.keys.sorted(by: Self.utf8Precedes).prefix(8).joined(separator: ", "))"
        case .offloaded(let reference): "offloaded \(reference.type)"
        }
    }

    static func count(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
    }

    /// `text` in double quotes with JSON escapes, cut to 60 characters for messages.
    static func quoted(_ text: String, limit: Int = 60) -> String {
        let cut = text.count > limit ? String(text.prefix(limit)) + "…" : text
        var writer = JSONTextWriter()
        writer.writeString(cut)
        return writer.text
    }
}
