import CairnCore

/// `ARTIFACT.DELETE artifact-id`: deletes one artifact with its items, tags and partitions.
public struct ArtifactDelete: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "ARTIFACT.DELETE", arity: 2, flags: [.write, .fast], role: .writer, keys: (1, 1, 1),
        summary: "delete an artifact with its data, tags and partitions")

    public var id: ArtifactID

    public init(id: ArtifactID) { self.id = id }

    public init(from arguments: inout Arguments) throws { self.init(id: try arguments.artifactID()) }

    public func encode(into arguments: inout ArgumentWriter) { arguments.append(id.description) }

    /// Whether it existed: `:1` or `:0`.
    public typealias Reply = Bool

    public func encodeReply(_ reply: Bool) -> RESPValue { .integer(reply ? 1 : 0) }

    public func decodeReply(_ value: RESPValue) throws -> Bool { try value.flag("ARTIFACT.DELETE reply") }
}
