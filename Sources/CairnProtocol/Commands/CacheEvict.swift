import CairnCore

/// `CACHE.EVICT dataset tag`: deletes the artifact a tag points at.
public struct CacheEvict: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "CACHE.EVICT", arity: 3, flags: [.write, .fast], role: .writer, keys: (1, 2, 1),
        summary: "delete the artifact a tag points at")

    public var dataset: DatasetID
    public var tag: TagName

    public init(dataset: DatasetID, tag: TagName) {
        self.dataset = dataset
        self.tag = tag
    }

    public init(from arguments: inout Arguments) throws {
        self.init(dataset: try arguments.dataset(), tag: try arguments.tag())
    }

    public func encode(into arguments: inout ArgumentWriter) {
        arguments.append(dataset.description)
        arguments.append(tag.value)
    }

    /// Whether there was an artifact to delete: `:1` or `:0`.
    public typealias Reply = Bool

    public func encodeReply(_ reply: Bool) -> RESPValue { .integer(reply ? 1 : 0) }

    public func decodeReply(_ value: RESPValue) throws -> Bool { try value.flag("CACHE.EVICT reply") }
}
