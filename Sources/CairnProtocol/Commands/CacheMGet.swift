import CairnCore

/// `CACHE.MGET dataset tag [dataset tag …]`: many lookups in one round trip.
public struct CacheMGet: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "CACHE.MGET", arity: -3, flags: [.readonly, .fast], role: .reader, keys: (1, -1, 1),
        summary: "CACHE.GET for many (dataset, tag) pairs in one round trip")

    /// The lookups, in order.
    public var keys: [CacheGet]

    public init(keys: [CacheGet]) { self.keys = keys }

    public init(from arguments: inout Arguments) throws {
        guard arguments.remaining % 2 == 0 else { throw CommandError("CACHE.MGET takes dataset/tag pairs") }
        var keys: [CacheGet] = []
        while arguments.remaining > 0 { keys.append(try CacheGet(from: &arguments)) }
        self.init(keys: keys)
    }

    public func encode(into arguments: inout ArgumentWriter) {
        for key in keys { key.encode(into: &arguments) }
    }

    /// One entry per key, in order; `nil` for a miss.
    public typealias Reply = [CachedArtifact?]

    public func encodeReply(_ reply: [CachedArtifact?]) -> RESPValue {
        .array(reply.map { $0.map(ArtifactWire.cacheHit) ?? .null })
    }

    public func decodeReply(_ value: RESPValue) throws -> [CachedArtifact?] {
        try value.array("CACHE.MGET reply", count: keys.count, shape: "\(keys.count) entries").map {
            try ArtifactWire.cacheHit(from: $0)
        }
    }
}
