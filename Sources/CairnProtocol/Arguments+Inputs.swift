import CairnCore

/// The input digests of `CACHE.PUT … INPUT` and `CACHE.EXPLAIN`.
extension Arguments {
    /// `INPUT <name> <sha256> <preview>`: an empty preview stands for none.
    public mutating func inputDigest() throws -> InputDigest {
        guard let name = nextString(), let hex = nextString(), let preview = nextString() else {
            throw CommandError("INPUT needs a name, a sha256 and a preview (empty for none)")
        }
        return InputDigest(
            name: name, digest: try CommandError.wrap { try SHA256Digest(hex: hex, field: "INPUT \(name)") },
            preview: preview.isEmpty ? nil : preview)
    }

    /// `<name>=<sha256>`: split at the last `=` (a digest has none; a name may).
    public mutating func inputPair() throws -> InputDigest {
        let text = nextString() ?? ""
        guard let equals = text.lastIndex(of: "="), equals != text.startIndex else {
            throw CommandError("input '\(text.prefix(64))' is not name=sha256")
        }
        let name = String(text[..<equals])
        let hex = String(text[text.index(after: equals)...])
        return InputDigest(
            name: name, digest: try CommandError.wrap { try SHA256Digest(hex: hex, field: "input \(name)") })
    }
}

extension ArgumentWriter {
    /// `INPUT <name> <sha256> <preview>` per input.
    public mutating func append(inputs: [InputDigest]) {
        for input in inputs {
            append("INPUT")
            append(input.name)
            append(input.digest.hex)
            append(input.preview ?? "")
        }
    }
}
