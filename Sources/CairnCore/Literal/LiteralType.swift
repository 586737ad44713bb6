/// The type of a workflow value: a task's input or output, a workflow's parameter.
///
/// Text form (used in workflow files and error messages): `int`, `float`, `string`, `bool`, `bytes`,
/// `datetime`, `duration`, `file`, `list<T>`, `map<T>` (string keys), and
/// `struct{name: T, other: U}`. ``description`` prints it with struct fields in name order.
public indirect enum LiteralType: Hashable, Sendable {
    case int
    case float
    case string
    case bool
    case bytes
    /// A point in time, UTC, with nanosecond precision.
    case datetime
    /// A length of time, nanosecond precision.
    case duration
    /// A file (or blob) a task produced or consumes: hashed by content, not by path.
    case file
    /// An ordered list of values of one type.
    case list(LiteralType)
    /// String keys to values of one type.
    case map(LiteralType)
    /// Named fields, each with its own type; kept sorted by name.
    case structure([Field])

    /// One field of a struct type.
    public struct Field: Hashable, Sendable {
        public var name: String
        public var type: LiteralType
        public init(name: String, type: LiteralType) {
            self.name = name
            self.type = type
        }
    }

    /// A struct type; fields are sorted by name so equal structs compare equal.
    public static func structure(fields: [String: LiteralType]) -> LiteralType {
        .structure(fields.keys.sorted().map { Field(name: $0, type: fields[$0]!) })
    }
}
