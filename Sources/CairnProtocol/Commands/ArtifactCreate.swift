import CairnCore

/// `ARTIFACT.CREATE dataset [ID uuid] [TTL s] [META k v]… [PARTITION k v]… [TAG t]… [BLOB uri size sha256]…
/// DATA name value [name value …]`: creates an artifact with its tags, atomically.
public struct ArtifactCreate: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "ARTIFACT.CREATE", arity: -5, flags: [.write], role: .writer, keys: (1, 1, 1),
        summary: "create an artifact with data, metadata, partitions and tags atomically")

    public var artifact: NewArtifact

    public init(_ artifact: NewArtifact) { self.artifact = artifact }

    public init(from arguments: inout Arguments) throws {
        var new = NewArtifact(dataset: try arguments.dataset(), items: [])
        let allowed: Set = ["ID", "TTL", "META", "PARTITION", "TAG", "BLOB", "DATA"]
        while let option = try arguments.option(of: Self.spec.name, allowed: allowed) {
            switch option {
            case "ID":
                guard arguments.remaining > 0 else { throw CommandError("ID needs a value") }
                new.id = try arguments.artifactID()
            case "TTL": new.ttl = try arguments.ttl()
            case "META": try arguments.metadataEntry(into: &new.metadata)
            case "PARTITION": try arguments.partitionEntry(into: &new.partitions)
            case "TAG":
                guard arguments.remaining > 0 else { throw CommandError("TAG needs a value") }
                new.tags.append(try arguments.tag())
            case "BLOB": new.blobs.append(try arguments.blob())
            default: new.items = try arguments.data()
            }
        }
        guard !new.items.isEmpty else { throw CommandError("ARTIFACT.CREATE needs DATA name value [name value …]") }
        self.init(new)
    }

    /// A TTL in range and inline items only.
    public func validate() throws {
        if let ttl = artifact.ttl { _ = try ttl.validatedTTL() }
        try artifact.items.validateForDATA()
    }

    public func encode(into arguments: inout ArgumentWriter) {
        arguments.append(artifact.dataset.description)
        arguments.append("ID", artifact.id?.description)
        arguments.append(ttl: artifact.ttl)
        arguments.append(metadata: artifact.metadata)
        for key in artifact.partitions.keys.sorted() {
            arguments.append("PARTITION")
            arguments.append(key)
            arguments.append(artifact.partitions[key]!)
        }
        for tag in artifact.tags { arguments.append("TAG", tag.value) }
        arguments.append(blobs: artifact.blobs)
        arguments.append(data: artifact.items)
    }

    /// The artifact record as stored.
    public typealias Reply = Artifact

    public func encodeReply(_ reply: Artifact) -> RESPValue { CatalogWire.artifact(reply) }

    public func decodeReply(_ value: RESPValue) throws -> Artifact { try CatalogWire.artifact(value) }
}
