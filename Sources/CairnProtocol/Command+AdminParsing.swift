import CairnCore

extension Command {
    /// Most `ARTIFACT` ids one `ADMIN.PURGE` names.
    public static let maxPurgeArtifacts = 10_000

    /// `ADMIN.PURGE [DRYRUN] [ALL] [DATASET d | PROJECT p | DOMAIN d | NAME-PREFIX x]… [TAG t] [ARTIFACT id]…
    /// [CREATED-BEFORE t] [NOT-HIT-SINCE t] [EXPIRED] [MAX-TOTAL-SIZE bytes] [BATCH n]`, times as RFC 3339
    /// timestamps or durations before now (`7d`, `12h`).
    static func parsePurge(_ arguments: inout Arguments) throws -> PurgeArguments {
        var purge = PurgeArguments(selection: PurgeSelection(), dryRun: false, batchSize: nil)
        let allowed: Set = [
            "DRYRUN", "ALL", "DATASET", "PROJECT", "DOMAIN", "NAME-PREFIX", "TAG", "ARTIFACT", "CREATED-BEFORE",
            "NOT-HIT-SINCE", "EXPIRED", "MAX-TOTAL-SIZE", "BATCH",
        ]
        while let option = try nextOption(&arguments, command: "ADMIN.PURGE", allowed: allowed) {
            switch option {
            case "DRYRUN": purge.dryRun = true
            case "ALL": purge.selection.all = true
            case "EXPIRED": purge.selection.expired = true
            case "DATASET":
                guard arguments.remaining > 0 else { throw CommandError("DATASET needs a value") }
                purge.selection.dataset = try arguments.dataset()
            case "PROJECT": purge.selection.project = try arguments.value(of: option)
            case "DOMAIN": purge.selection.domain = try arguments.value(of: option)
            case "NAME-PREFIX": purge.selection.namePrefix = try arguments.value(of: option)
            case "TAG":
                guard arguments.remaining > 0 else { throw CommandError("TAG needs a value") }
                purge.selection.tag = try arguments.tag()
            case "ARTIFACT":
                guard purge.selection.artifacts.count < maxPurgeArtifacts else {
                    throw CommandError("ADMIN.PURGE takes at most \(maxPurgeArtifacts) ARTIFACT ids")
                }
                purge.selection.artifacts.append(try arguments.artifactID())
            case "CREATED-BEFORE", "NOT-HIT-SINCE":
                let text = try arguments.value(of: option)
                let time = try CommandError.wrap { try PurgeSelection.Time.parse(text, field: option) }
                if option == "CREATED-BEFORE" {
                    purge.selection.createdBefore = time
                } else {
                    purge.selection.notHitSince = time
                }
            case "MAX-TOTAL-SIZE":
                let text = try arguments.value(of: option)
                guard let bytes = ByteSize.parse(text), bytes >= 0 else {
                    throw CommandError(
                        "MAX-TOTAL-SIZE is not a size in bytes (like 1048576, 512MiB or 10GB): \(text.prefix(32))")
                }
                purge.selection.maxTotalSize = Int64(bytes)
            default:
                purge.batchSize = Int(try arguments.integer(option, in: .purgeBatch))
            }
        }
        try CommandError.wrap { try purge.selection.validate() }
        return purge
    }
}
