/// One named piece of an artifact's data: a task output, a compiled future.
public struct DataItem: Hashable, Sendable {
    /// Longest item name, in bytes.
    public static let maxNameLength = 128

    /// The value of an item.
    public enum Value: Hashable, Sendable {
        /// The bytes themselves, stored in the catalog.
        case inline([UInt8])
        /// The bytes live in the blob store.
        case blob(BlobReference)
        /// A listing that did not ask for values: only the size of the inline bytes.
        case omitted(size: Int64)

        /// The size of the value in bytes, wherever it lives.
        public var size: Int64 {
            switch self {
            case .inline(let bytes): Int64(bytes.count)
            case .blob(let reference): reference.size
            case .omitted(let size): size
            }
        }
    }

    public let name: String
    public let value: Value

    /// Validates the name (1...128 bytes of `A-Z a-z 0-9 . _ - : + = @`).
    /// - Throws: ``CairnError/Code/invalidArgument`` with field `data item name`.
    public init(name: String, value: Value) throws {
        try Identifier.validateName(name, field: "data item name", maxLength: Self.maxNameLength)
        self.name = name
        self.value = value
    }

    /// An inline item.
    public static func inline(_ name: String, _ bytes: [UInt8]) throws -> DataItem {
        try DataItem(name: name, value: .inline(bytes))
    }
}
