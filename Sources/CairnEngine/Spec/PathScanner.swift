/// Reads the pieces of a reference: names and path steps.
struct PathScanner {
    private(set) var rest: Substring

    init(_ text: Substring) {
        rest = text
    }

    var isAtEnd: Bool { rest.isEmpty }

    /// Consumes `literal` when the text starts with it.
    mutating func skip(_ literal: String) -> Bool {
        guard rest.hasPrefix(literal) else { return false }
        rest = rest.dropFirst(literal.count)
        return true
    }

    /// A run of name characters (``SpecName``), or `nil` when there is none.
    mutating func name() -> String? {
        let run = rest.utf8.prefix { SpecName.isNameCharacter($0) }
        guard !run.isEmpty else { return nil }
        let name = String(Substring(run))
        rest = rest.dropFirst(name.count)
        return name
    }

    /// One path step: `.field`, `[12]`, `["key"]` or `['key']`.
    mutating func step() -> PathStep? {
        let saved = rest
        if skip("."), let field = name() { return .key(field) }
        rest = saved
        guard skip("[") else { return nil }
        if let quote = rest.first, quote == "\"" || quote == "'" {
            rest = rest.dropFirst()
            guard let key = quoted(until: quote), skip("]") else {
                rest = saved
                return nil
            }
            return .key(key)
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(digits.count)
        guard let index = Int(digits), skip("]") else {
            rest = saved
            return nil
        }
        return .index(index)
    }

    /// Text up to the closing `quote`, with `\` escaping the next character.
    private mutating func quoted(until quote: Character) -> String? {
        var key = ""
        while let character = rest.first {
            rest = rest.dropFirst()
            if character == quote { return key }
            if character == "\\" {
                guard let escaped = rest.first else { return nil }
                rest = rest.dropFirst()
                key.append(escaped)
            } else {
                key.append(character)
            }
        }
        return nil
    }
}
