import CairnCore

/// `CACHE.PUT dataset tag [TTL s [SLIDING]] [META k v]… [BLOB uri size sha256]… [INPUT name sha256 preview]…
/// [FENCE token] [OVERWRITE] DATA name value [name value …]`: creates an artifact and points the tag at it,
/// atomically, with the digest of each input it was computed from (an empty preview for none).
public struct CachePut: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "CACHE.PUT", arity: -6, flags: [.write], role: .writer, keys: (1, 2, 1),
        summary: "create and tag an artifact atomically")

    public var dataset: DatasetID
    public var tag: TagName
    /// Time to live; `nil` never expires (an overwrite without one keeps the expiry).
    public var ttl: Duration?
    public var metadata: [String: String]
    /// Blob objects the artifact references, so garbage collection keeps them.
    public var blobs: [BlobReference]
    /// The token of the reservation this put completes.
    public var fencingToken: Int64?
    /// Replace a live artifact in place instead of answering `exists`.
    public var overwrite: Bool
    /// The TTL counts from the last hit instead of the write, so an entry in use stays.
    public var sliding: Bool
    /// Inline items only: blob objects are declared with ``blobs``.
    public var data: [DataItem]
    /// The digest of each input the result was computed from, for explaining later misses.
    public var inputs: [InputDigest]

    public init(
        dataset: DatasetID, tag: TagName, data: [DataItem], ttl: Duration? = nil, metadata: [String: String] = [:],
        blobs: [BlobReference] = [], fencingToken: Int64? = nil, overwrite: Bool = false, sliding: Bool = false,
        inputs: [InputDigest] = []
    ) {
        self.dataset = dataset
        self.tag = tag
        self.data = data
        self.ttl = ttl
        self.metadata = metadata
        self.blobs = blobs
        self.fencingToken = fencingToken
        self.overwrite = overwrite
        self.sliding = sliding
        self.inputs = inputs
    }

    public init(from arguments: inout Arguments) throws {
        self.init(dataset: try arguments.dataset(), tag: try arguments.tag(), data: [])
        while let option = arguments.nextString()?.uppercased() {
            switch option {
            case "TTL": ttl = try arguments.ttl()
            case "META": try arguments.metadataEntry(into: &metadata)
            case "BLOB": blobs.append(try arguments.blob())
            case "INPUT": inputs.append(try arguments.inputDigest())
            case "FENCE": fencingToken = try arguments.integer("FENCE", in: .fencingToken)
            case "OVERWRITE": overwrite = true
            case "SLIDING": sliding = true
            case "DATA": data = try arguments.data()
            default:
                throw CommandError("syntax error: unknown CACHE.PUT option '\(option.prefix(32))'")
            }
        }
        guard !data.isEmpty else { throw CommandError("CACHE.PUT needs DATA name value [name value …]") }
        if sliding && ttl == nil { throw CommandError("CACHE.PUT SLIDING needs TTL seconds") }
    }

    public func encode(into arguments: inout ArgumentWriter) {
        arguments.append(dataset.description)
        arguments.append(tag.value)
        arguments.append(ttl: ttl)
        arguments.append(metadata: metadata)
        arguments.append(blobs: blobs)
        arguments.append(inputs: inputs)
        if let fencingToken { arguments.append("FENCE", String(fencingToken)) }
        arguments.append(flag: "OVERWRITE", overwrite)
        arguments.append(flag: "SLIDING", sliding)
        arguments.append(data: data)
    }

    /// A TTL in range, SLIDING only with a TTL, inline items only, and valid input digests.
    public func validate() throws {
        try InputDigest.validate(inputs)
        if let ttl { _ = try ttl.validatedTTL() }
        if sliding && ttl == nil { throw CairnError.invalid("sliding", "needs a ttl to count from the last hit") }
        try data.validateForDATA()
    }

    /// `[id, "created" | "exists" | "updated"]`.
    public typealias Reply = PutResult

    public func encodeReply(_ reply: PutResult) -> RESPValue {
        .array([.bulk(reply.artifactID.description), .bulk(reply.outcome.rawValue)])
    }

    public func decodeReply(_ value: RESPValue) throws -> PutResult {
        let fields = try value.array("CACHE.PUT reply", count: 2, shape: "[id, outcome]")
        let id = try fields[0].string("id")
        let outcome = try fields[1].string("outcome")
        guard let parsed = PutResult.Outcome(rawValue: outcome) else {
            throw fields[1].unexpected("outcome", "created, exists or updated")
        }
        return PutResult(
            artifactID: try UnexpectedReply.decoding("id") { try ArtifactID(parsing: id) }, outcome: parsed)
    }
}
