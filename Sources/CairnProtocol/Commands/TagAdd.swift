import CairnCore

/// `TAG.ADD dataset tag artifact-id [OVERWRITE]`: points a tag at an artifact of the same dataset.
public struct TagAdd: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "TAG.ADD", arity: -4, flags: [.write, .fast], role: .writer, keys: (1, 2, 1),
        summary: "point a tag at an artifact")

    public var dataset: DatasetID
    public var tag: TagName
    public var artifact: ArtifactID
    /// Move a tag that points elsewhere instead of keeping it.
    public var overwrite: Bool

    public init(dataset: DatasetID, tag: TagName, artifact: ArtifactID, overwrite: Bool = false) {
        self.dataset = dataset
        self.tag = tag
        self.artifact = artifact
        self.overwrite = overwrite
    }

    public init(from arguments: inout Arguments) throws {
        self.init(dataset: try arguments.dataset(), tag: try arguments.tag(), artifact: try arguments.artifactID())
        while let option = try arguments.option(of: Self.spec.name, allowed: ["OVERWRITE"]) {
            if option == "OVERWRITE" { overwrite = true }
        }
    }

    public func encode(into arguments: inout ArgumentWriter) {
        arguments.append(dataset.description)
        arguments.append(tag.value)
        arguments.append(artifact.description)
        arguments.append(flag: "OVERWRITE", overwrite)
    }

    /// `[outcome, artifact-id]`: the tagged artifact for `created` and `unchanged`, the one the tag
    /// still points at for `kept`, the one it pointed at before for `moved`.
    public typealias Reply = TagOutcome

    public func encodeReply(_ reply: TagOutcome) -> RESPValue {
        let (name, id): (String, ArtifactID) =
            switch reply {
            case .created: ("created", artifact)
            case .unchanged: ("unchanged", artifact)
            case .kept(let existing): ("kept", existing)
            case .moved(let previous): ("moved", previous)
            }
        return .array([.bulk(name), .bulk(id.description)])
    }

    public func decodeReply(_ value: RESPValue) throws -> TagOutcome {
        let fields = try value.array("TAG.ADD reply", count: 2, shape: "[outcome, artifact-id]")
        let text = try fields[1].string("artifact id")
        let id = try UnexpectedReply.decoding("artifact id") { try ArtifactID(parsing: text) }
        switch try fields[0].string("outcome") {
        case "created": return .created
        case "unchanged": return .unchanged
        case "kept": return .kept(existing: id)
        case "moved": return .moved(previous: id)
        default: throw fields[0].unexpected("outcome", "created, unchanged, kept or moved")
        }
    }
}
