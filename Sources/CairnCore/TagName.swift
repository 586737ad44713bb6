/// A tag: a name within a dataset that points at one artifact. The cache path uses the hash of a
/// task's inputs as the tag.
public struct TagName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Longest tag, in bytes.
    public static let maxLength = 256

    public let value: String

    /// Validates the tag: 1...256 bytes of visible ASCII.
    /// - Throws: ``CairnError/Code/invalidArgument`` with field `tag`.
    public init(_ value: String) throws {
        try Identifier.validateToken(value, field: "tag", maxLength: Self.maxLength)
        self.value = value
    }

    public var description: String { value }

    public static func < (lhs: TagName, rhs: TagName) -> Bool { lhs.value < rhs.value }
}
