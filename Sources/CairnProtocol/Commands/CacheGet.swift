import CairnCore

/// `CACHE.GET dataset tag`: the live artifact a tag points at, or null.
public struct CacheGet: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "CACHE.GET", arity: 3, flags: [.readonly, .fast], role: .reader, keys: (1, 2, 1),
        summary: "the live artifact a tag points at, or null")

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

    /// The hit, or `nil` on a miss (absent or expired).
    public typealias Reply = CachedArtifact?

    public func encodeReply(_ reply: CachedArtifact?) -> RESPValue {
        reply.map(ArtifactWire.cacheHit) ?? .null
    }

    public func decodeReply(_ value: RESPValue) throws -> CachedArtifact? {
        try ArtifactWire.cacheHit(from: value)
    }
}
