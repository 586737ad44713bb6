import CairnCore

/// `ARTIFACT.UPDATE artifact-id | dataset tag [TTL s | PERSIST] [META k v]… [BLOB uri size sha256]…
/// DATA name value [name value …]`: replaces an artifact's content in place.
public struct ArtifactUpdate: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "ARTIFACT.UPDATE", arity: -5, flags: [.write], role: .writer, keys: (1, 1, 1),
        summary: "replace an artifact's data, blobs and metadata in place")

    public var reference: ArtifactReference
    /// Replaces every data item.
    public var data: [DataItem]
    /// Replaces the whole metadata map (empty when no `META` was given).
    public var metadata: [String: String]
    /// Replaces the declared blob references.
    public var blobs: [BlobReference]
    /// `TTL` resets the expiry from now, `PERSIST` clears it, neither keeps it.
    public var expiry: ExpiryUpdate

    public init(
        reference: ArtifactReference, data: [DataItem], metadata: [String: String] = [:], blobs: [BlobReference] = [],
        expiry: ExpiryUpdate = .keep
    ) {
        self.reference = reference
        self.data = data
        self.metadata = metadata
        self.blobs = blobs
        self.expiry = expiry
    }

    public init(from arguments: inout Arguments) throws {
        let command = Self.spec.name
        self.init(reference: try arguments.artifactReference(command: command), data: [])
        let allowed: Set = ["TTL", "PERSIST", "META", "BLOB", "DATA"]
        while let option = try arguments.option(of: command, allowed: allowed) {
            switch option {
            case "TTL", "PERSIST":
                guard expiry == .keep else { throw CommandError("\(command) takes at most one TTL or PERSIST") }
                expiry = option == "TTL" ? .after(try arguments.ttl()) : .never
            case "META": try arguments.metadataEntry(into: &metadata)
            case "BLOB": blobs.append(try arguments.blob())
            default: data = try arguments.data()
            }
        }
        guard !data.isEmpty else { throw CommandError("\(command) needs DATA name value [name value …]") }
    }

    /// A TTL in range and inline items only.
    public func validate() throws {
        if case .after(let ttl) = expiry { _ = try ttl.validatedTTL() }
        try data.validateForDATA()
    }

    public func encode(into arguments: inout ArgumentWriter) {
        arguments.append(reference: reference)
        switch expiry {
        case .keep: break
        case .never: arguments.append("PERSIST")
        case .after(let ttl): arguments.append(ttl: ttl)
        }
        arguments.append(metadata: metadata)
        arguments.append(blobs: blobs)
        arguments.append(data: data)
    }

    /// The artifact record after the update (`-NOTFOUND` when there is none).
    public typealias Reply = Artifact

    public func encodeReply(_ reply: Artifact) -> RESPValue { CatalogWire.artifact(reply) }

    public func decodeReply(_ value: RESPValue) throws -> Artifact { try CatalogWire.artifact(value) }
}
