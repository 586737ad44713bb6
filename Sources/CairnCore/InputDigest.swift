/// The digest of one input of a task execution, stored beside its artifact so that a later miss can
/// be compared with it input by input (the tag stays the digest of the whole input map).
public struct InputDigest: Hashable, Sendable {
    /// The input's name.
    public var name: String
    /// ``Literal/contentDigest`` of the input's value: the entry the tag's digest covers.
    public var digest: SHA256Digest
    /// A short text of the value where it was inline (at most ``maxPreviewBytes``), for explanations.
    public var preview: String?

    public init(name: String, digest: SHA256Digest, preview: String? = nil) {
        self.name = name
        self.digest = digest
        self.preview = preview
    }

    /// Longest preview, in bytes.
    public static let maxPreviewBytes = 64
    /// Most inputs recorded with one artifact.
    public static let maxCount = 256
    /// Longest input name, in bytes.
    public static let maxNameBytes = 128

    /// The digests of `inputs` minus `ignoring`, by name, with a preview of each value that is not
    /// offloaded: the entries ``Literal/inputDigest(_:ignoring:)`` hashes into the tag.
    public static func of(_ inputs: [String: Literal], ignoring: Set<String> = []) -> [InputDigest] {
        inputs.filter { !ignoring.contains($0.key) }
            .map { InputDigest(name: $0.key, digest: $0.value.contentDigest, preview: $0.value.preview) }
            .sorted { $0.name < $1.name }
    }

    /// Checks a list of input digests: names are catalog names, unique, previews bounded.
    /// - Throws: ``CairnError/Code/invalidArgument`` or ``CairnError/Code/limitExceeded`` naming `field`.
    public static func validate(_ inputs: [InputDigest], field: String = "inputs") throws {
        if inputs.count > maxCount { throw CairnError.limit(field, "has \(inputs.count) entries", limit: maxCount) }
        var seen = Set<String>()
        for input in inputs {
            try Identifier.validateName(input.name, field: "\(field) name", maxLength: maxNameBytes)
            guard seen.insert(input.name).inserted else {
                throw CairnError.invalid(field, "input \(input.name) is given twice")
            }
            if let preview = input.preview, preview.utf8.count > maxPreviewBytes {
                throw CairnError.limit(
                    "\(field) preview of \(input.name)", "is \(preview.utf8.count) bytes", limit: maxPreviewBytes)
            }
        }
    }
}

extension Literal {
    /// The value as JSON text cut to ``InputDigest/maxPreviewBytes`` bytes (with `…` when cut), or
    /// `nil` for an offloaded value, whose content is not at hand.
    public var preview: String? {
        if case .offloaded = self { return nil }
        return Self.cut(jsonText(), to: InputDigest.maxPreviewBytes)
    }

    /// `text` cut on a character boundary to at most `limit` UTF-8 bytes, `…` included.
    static func cut(_ text: String, to limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var result = ""
        var bytes = 3  // "…"
        for character in text {
            bytes += character.utf8.count
            if bytes > limit { break }
            result.append(character)
        }
        return result + "…"
    }
}
