/// Parses the text form of a ``LiteralType`` (see ``LiteralType/init(parsing:)``), byte by byte:
/// the grammar is ASCII, so a byte's offset plus one is its column in every error message.
struct LiteralTypeParser {
    private let text: String
    private let bytes: [UInt8]
    private var offset = 0

    init(text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    mutating func parseAll() throws -> LiteralType {
        let type = try parseType(depth: 1)
        skipWhitespace()
        guard offset == bytes.count else { throw failure("unexpected \(current) after the type") }
        return type
    }

    private mutating func parseType(depth: Int) throws -> LiteralType {
        skipWhitespace()
        let start = offset
        let word = readWord()
        guard !word.isEmpty else { throw failure("expected a type, found \(current)") }
        switch word {
        case "int": return .int
        case "float": return .float
        case "string": return .string
        case "bool": return .bool
        case "bytes": return .bytes
        case "datetime": return .datetime
        case "duration": return .duration
        case "file": return .file
        case "list", "map", "struct":
            guard depth <= CanonicalReader.maximumDepth else {
                throw failure("types nest deeper than \(CanonicalReader.maximumDepth)", at: start)
            }
            if word == "struct" { return try parseStructBody(depth: depth) }
            try expect("<")
            let keyStart = offset
            var element = try parseType(depth: depth + 1)
            if word == "map", consume(",") {
                guard element == .string else {
                    throw failure("map keys must be string, not \(element)", at: nextToken(from: keyStart))
                }
                element = try parseType(depth: depth + 1)
            }
            try expect(">")
            return word == "list" ? .list(element) : .map(element)
        default:
            throw failure("unknown type \"\(word)\"", at: start)
        }
    }

    private mutating func parseStructBody(depth: Int) throws -> LiteralType {
        try expect("{")
        var fields = [String: LiteralType]()
        if consume("}") { return .structure([]) }
        repeat {
            skipWhitespace()
            let nameStart = offset
            let name = readWord()
            guard !name.isEmpty else { throw failure("expected a field name, found \(current)") }
            if let problem = LiteralType.fieldNameProblem(name) { throw failure(problem, at: nameStart) }
            guard fields[name] == nil else { throw failure("field \(name) appears twice", at: nameStart) }
            try expect(":")
            fields[name] = try parseType(depth: depth + 1)
        } while consume(",")
        try expect("}")
        return .structure(fields: fields)
    }

    /// The longest run of field-name bytes at the current offset (type names are such runs too).
    private mutating func readWord() -> String {
        let start = offset
        while offset < bytes.count, LiteralType.isFieldNameByte(bytes[offset]) { offset += 1 }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
    }

    private func nextToken(from position: Int) -> Int {
        var position = position
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        return position
    }

    /// Skips whitespace, then consumes `symbol` if it is next.
    private mutating func consume(_ symbol: Unicode.Scalar) -> Bool {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: symbol) else { return false }
        offset += 1
        return true
    }

    private mutating func expect(_ symbol: Unicode.Scalar) throws {
        guard consume(symbol) else { throw failure("expected \"\(symbol)\", found \(current)") }
    }

    /// What is at the current offset, for messages.
    private var current: String {
        guard offset < bytes.count else { return "the end" }
        let byte = bytes[offset]
        guard byte >= 0x20, byte < 0x7F else { return "byte 0x\(String(byte, radix: 16))" }
        return "\"\(Unicode.Scalar(byte))\""
    }

    private func failure(_ message: String, at position: Int? = nil) -> CairnError {
        CairnError.invalid(
            "type", "cannot parse \(Literal.quoted(text)): \(message) at column \((position ?? offset) + 1)")
    }
}
