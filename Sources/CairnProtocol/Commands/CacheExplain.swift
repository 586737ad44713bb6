import CairnCore

/// `CACHE.EXPLAIN dataset tag [name=sha256 …]`: why the tag has no live artifact, given the SHA-256 of
/// each input of the key: it expired, or was removed (when, by what), or how the nearest earlier
/// result of the same task differs (project or domain, cache version, interface, inputs by name),
/// or that nothing of the task was ever stored.
public struct CacheExplain: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "CACHE.EXPLAIN", arity: -3, flags: [.readonly], role: .reader, keys: (1, 2, 1),
        summary: "why a tag has no live artifact: its history, or the nearest earlier result and how it differs")

    public var dataset: DatasetID
    public var tag: TagName
    /// The key's input digests (previews are not sent).
    public var inputs: [InputDigest]

    public init(dataset: DatasetID, tag: TagName, inputs: [InputDigest] = []) {
        self.dataset = dataset
        self.tag = tag
        self.inputs = inputs
    }

    public init(from arguments: inout Arguments) throws {
        self.init(dataset: try arguments.dataset(), tag: try arguments.tag())
        while arguments.remaining > 0 { inputs.append(try arguments.inputPair()) }
        try CommandError.wrap { try InputDigest.validate(inputs) }
    }

    public func encode(into arguments: inout ArgumentWriter) {
        arguments.append(dataset.description)
        arguments.append(tag.value)
        for input in inputs { arguments.append("\(input.name)=\(input.digest.hex)") }
    }

    /// Valid input names, each once.
    public func validate() throws { try InputDigest.validate(inputs) }

    public typealias Reply = CacheExplanation

    /// A record: `cause`, `summary`, `artifact`, `created`, `expires`, `removed`, `removed_by` (null where
    /// unset), `nearest` (a record: `dataset`, `artifact`, `created`, `shared_inputs`, `metadata`; or
    /// null), `input_count`, `differences` (records: `kind`, `name`, `old`, `new`, `old_preview`, `new_preview`).
    public func encodeReply(_ reply: CacheExplanation) -> RESPValue { ExplainWire.explanation(reply) }

    public func decodeReply(_ value: RESPValue) throws -> CacheExplanation { try ExplainWire.explanation(value) }
}
