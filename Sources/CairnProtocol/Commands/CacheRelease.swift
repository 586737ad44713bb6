import CairnCore

/// `CACHE.RELEASE dataset tag owner`: gives an owner's reservation up.
public struct CacheRelease: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "CACHE.RELEASE", arity: 4, flags: [.write, .fast], role: .writer, keys: (1, 2, 1),
        summary: "release an owner's reservation")

    public var dataset: DatasetID
    public var tag: TagName
    public var owner: String

    public init(dataset: DatasetID, tag: TagName, owner: String) {
        self.dataset = dataset
        self.tag = tag
        self.owner = owner
    }

    public init(from arguments: inout Arguments) throws {
        self.init(dataset: try arguments.dataset(), tag: try arguments.tag(), owner: arguments.nextString()!)
    }

    public func encode(into arguments: inout ArgumentWriter) {
        arguments.append(dataset.description)
        arguments.append(tag.value)
        arguments.append(owner)
    }

    /// Whether `owner` held the reservation: `:1` or `:0`.
    public typealias Reply = Bool

    public func encodeReply(_ reply: Bool) -> RESPValue { .integer(reply ? 1 : 0) }

    public func decodeReply(_ value: RESPValue) throws -> Bool { try value.flag("CACHE.RELEASE reply") }
}
