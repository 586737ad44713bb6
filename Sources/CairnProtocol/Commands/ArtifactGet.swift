import CairnCore

/// `ARTIFACT.GET artifact-id | dataset tag`: the inspection read, expired or not.
public struct ArtifactGet: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "ARTIFACT.GET", arity: -2, flags: [.readonly, .fast], role: .reader, keys: (1, -1, 1),
        summary: "an artifact by id or by tag, expired or not")

    public var reference: ArtifactReference

    public init(_ reference: ArtifactReference) { self.reference = reference }

    public init(from arguments: inout Arguments) throws {
        let reference = try arguments.artifactReference(command: Self.spec.name)
        try arguments.expectEnd(command: Self.spec.name)
        self.init(reference)
    }

    public func encode(into arguments: inout ArgumentWriter) { arguments.append(reference: reference) }

    /// The artifact record (`-NOTFOUND` when there is none).
    public typealias Reply = Artifact

    public func encodeReply(_ reply: Artifact) -> RESPValue { CatalogWire.artifact(reply) }

    public func decodeReply(_ value: RESPValue) throws -> Artifact { try CatalogWire.artifact(value) }
}
