extension LiteralType: CustomStringConvertible {
    /// The longest struct field name, in bytes.
    public static let maximumFieldNameLength = 128

    /// The text form: `int`, `float`, `string`, `bool`, `bytes`, `datetime`, `duration`, `file`,
    /// `list<T>`, `map<T>` and `struct{a: T, b: U}` with fields in name order.
    public var description: String {
        var text = ""
        write(to: &text)
        return text
    }

    private func write(to text: inout String) {
        switch self {
        case .int: text += "int"
        case .float: text += "float"
        case .string: text += "string"
        case .bool: text += "bool"
        case .bytes: text += "bytes"
        case .datetime: text += "datetime"
        case .duration: text += "duration"
        case .file: text += "file"
        case .list(let element):
            text += "list<"
            element.write(to: &text)
            text += ">"
        case .map(let value):
            text += "map<"
            value.write(to: &text)
            text += ">"
        case .structure(let fields):
            text += "struct{"
            for (index, field) in Self.sortedFields(fields).enumerated() {
                if index > 0 { text += ", " }
                text += field.name
                text += ": "
                field.type.write(to: &text)
            }
            text += "}"
        }
    }

    /// Parses the text form that ``description`` writes. Whitespace is allowed between tokens,
    /// `map<string, T>` is accepted for `map<T>` (keys are always strings), and struct fields may
    /// come in any order. Field names are 1…128 of `A-Z a-z 0-9 _`, each at most once.
    /// - Throws: ``CairnError/Code/invalidArgument`` about the field `type`, quoting the text and
    ///   the column of the problem.
    public init(parsing text: String) throws {
        var parser = LiteralTypeParser(text: text)
        self = try parser.parseAll()
    }

    /// Why `name` cannot name a struct field, or `nil` if it can.
    static func fieldNameProblem(_ name: String) -> String? {
        let utf8 = name.utf8
        guard !utf8.isEmpty else { return "a field name is empty" }
        guard utf8.count <= maximumFieldNameLength else {
            return "field name of \(utf8.count) bytes is longer than \(maximumFieldNameLength)"
        }
        guard utf8.allSatisfy(isFieldNameByte) else {
            return "field name \(Literal.quoted(name)) has a character other than A-Z a-z 0-9 _"
        }
        return nil
    }

    static func isFieldNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}
