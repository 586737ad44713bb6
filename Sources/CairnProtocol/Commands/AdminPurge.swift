import CairnCore

/// `ADMIN.PURGE [DRYRUN] [ALL] [DATASET d | PROJECT p | DOMAIN d | NAME-PREFIX x]… [TAG t] [ARTIFACT id]…
/// [CREATED-BEFORE t] [NOT-HIT-SINCE t] [EXPIRED] [MAX-TOTAL-SIZE bytes] [BATCH n]`: deletes what a
/// selection picks, in batches; times are RFC 3339 timestamps or durations before now (`7d`, `12h`).
public struct AdminPurge: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "ADMIN.PURGE", arity: -1, flags: [.write, .admin], role: .admin,
        summary: "delete the artifacts a selection picks, in batches; DRYRUN reports what would go")

    /// Most `ARTIFACT` ids one request names.
    public static let maxArtifacts = 10_000

    public var selection: PurgeSelection
    /// Report what would go, delete nothing.
    public var dryRun: Bool
    /// Artifacts per transaction; `nil`: the server's setting.
    public var batchSize: Int?

    public init(selection: PurgeSelection, dryRun: Bool = false, batchSize: Int? = nil) {
        self.selection = selection
        self.dryRun = dryRun
        self.batchSize = batchSize
    }

    public init(from arguments: inout Arguments) throws {
        self.init(selection: PurgeSelection())
        let allowed: Set = [
            "DRYRUN", "ALL", "DATASET", "PROJECT", "DOMAIN", "NAME-PREFIX", "TAG", "ARTIFACT", "CREATED-BEFORE",
            "NOT-HIT-SINCE", "EXPIRED", "MAX-TOTAL-SIZE", "BATCH",
        ]
        while let option = try arguments.option(of: Self.spec.name, allowed: allowed) {
            switch option {
            case "DRYRUN": dryRun = true
            case "ALL": selection.all = true
            case "EXPIRED": selection.expired = true
            case "DATASET":
                guard arguments.remaining > 0 else { throw CommandError("DATASET needs a value") }
                selection.dataset = try arguments.dataset()
            case "PROJECT": selection.project = try arguments.value(of: option)
            case "DOMAIN": selection.domain = try arguments.value(of: option)
            case "NAME-PREFIX": selection.namePrefix = try arguments.value(of: option)
            case "TAG":
                guard arguments.remaining > 0 else { throw CommandError("TAG needs a value") }
                selection.tag = try arguments.tag()
            case "ARTIFACT":
                guard selection.artifacts.count < Self.maxArtifacts else {
                    throw CommandError("ADMIN.PURGE takes at most \(Self.maxArtifacts) ARTIFACT ids")
                }
                selection.artifacts.append(try arguments.artifactID())
            case "CREATED-BEFORE", "NOT-HIT-SINCE":
                let text = try arguments.value(of: option)
                let time = try CommandError.wrap { try PurgeSelection.Time.parse(text, field: option) }
                if option == "CREATED-BEFORE" { selection.createdBefore = time } else { selection.notHitSince = time }
            case "MAX-TOTAL-SIZE":
                let text = try arguments.value(of: option)
                guard let bytes = ByteSize.parse(text), bytes >= 0 else {
                    throw CommandError(
                        "MAX-TOTAL-SIZE is not a size in bytes (like 1048576, 512MiB or 10GB): \(text.prefix(32))")
                }
                selection.maxTotalSize = Int64(bytes)
            default:
                batchSize = Int(try arguments.integer(option, in: .purgeBatch))
            }
        }
        try CommandError.wrap { try selection.validate() }
    }

    /// Selectors that fit together (an empty selection needs `ALL`).
    public func validate() throws { try selection.validate() }

    public func encode(into arguments: inout ArgumentWriter) {
        arguments.append(flag: "ALL", selection.all)
        arguments.append("DATASET", selection.dataset?.description)
        arguments.append("PROJECT", selection.project)
        arguments.append("DOMAIN", selection.domain)
        arguments.append("NAME-PREFIX", selection.namePrefix)
        arguments.append("TAG", selection.tag?.value)
        for id in selection.artifacts { arguments.append("ARTIFACT", id.description) }
        arguments.append("CREATED-BEFORE", selection.createdBefore.map(Self.text))
        arguments.append("NOT-HIT-SINCE", selection.notHitSince.map(Self.text))
        arguments.append(flag: "EXPIRED", selection.expired)
        arguments.append("MAX-TOTAL-SIZE", selection.maxTotalSize.map(String.init))
        arguments.append(flag: "DRYRUN", dryRun)
        arguments.append("BATCH", batchSize.map(String.init))
    }

    /// A time as the server reads it back exactly: RFC 3339 to the nanosecond, or nanoseconds ago.
    private static func text(_ time: PurgeSelection.Time) -> String {
        switch time {
        case .at(let date): RFC3339.format(nanoseconds: date.unixNanoseconds)
        case .ago(let duration):
            "\(Int64(clamping: Int128(duration.components.seconds) * 1_000_000_000 + Int128(duration.components.attoseconds / 1_000_000_000)))ns"
        }
    }

    /// A map: `dry_run`, `artifacts`, `inline_bytes`, `blob_objects`, `blob_bytes`, `batches`,
    /// `blobs_deleted`, `blobs_deferred`, `ms`.
    public typealias Reply = PurgeSummary

    public func encodeReply(_ reply: PurgeSummary) -> RESPValue {
        var fields: [(String, RESPValue)] = [("dry_run", .integer(reply.dryRun ? 1 : 0))]
        fields += reply.counts.map { ($0.key, .integer($0.value)) }
        let milliseconds = (reply.seconds * 1000).rounded()
        fields.append(("ms", .integer(milliseconds.isFinite ? Int64(min(max(milliseconds, 0), 9e18)) : 0)))
        return .map(fields.map { (key: .bulk($0.0), value: $0.1) })
    }

    public func decodeReply(_ value: RESPValue) throws -> PurgeSummary {
        let record = try value.record("ADMIN.PURGE reply")
        func number(_ name: String) throws -> Int64 { try UnexpectedReply.field(record, name).integer(name) }
        return try PurgeSummary(
            dryRun: try number("dry_run") != 0, seconds: Double(try number("ms")) / 1000, count: number)
    }
}
