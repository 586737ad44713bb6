import CairnCore
import CairnProtocol
import Foundation

/// Operator commands (admin role).
extension CairnClient {
    /// `ADMIN.PURGE`: deletes what `selection` picks (or with `dryRun`, reports what it would), in
    /// batches of `batchSize` (the server's setting when `nil`). A large purge takes a while: give
    /// the client a ``Configuration/requestTimeout`` to match.
    public func purge(_ selection: PurgeSelection, dryRun: Bool = false, batchSize: Int? = nil) async throws
        -> PurgeSummary
    {
        try selection.validate()
        var arguments = ["ADMIN.PURGE"] + Self.purgeArguments(selection)
        if dryRun { arguments.append("DRYRUN") }
        if let batchSize { arguments += ["BATCH", String(batchSize)] }
        let reply = try await send(arguments)
        return try await decoding {
            let record = try reply.record("ADMIN.PURGE reply")
            func number(_ name: String) throws -> Int64 { try UnexpectedReply.field(record, name).integer(name) }
            return try PurgeSummary(
                dryRun: try number("dry_run") != 0, seconds: Double(try number("ms")) / 1000, count: number)
        }
    }

    /// The selector words of `ADMIN.PURGE` for `selection`.
    static func purgeArguments(_ selection: PurgeSelection) -> [String] {
        var arguments: [String] = []
        if selection.all { arguments.append("ALL") }
        if let dataset = selection.dataset { arguments += ["DATASET", dataset.description] }
        if let project = selection.project { arguments += ["PROJECT", project] }
        if let domain = selection.domain { arguments += ["DOMAIN", domain] }
        if let prefix = selection.namePrefix { arguments += ["NAME-PREFIX", prefix] }
        if let tag = selection.tag { arguments += ["TAG", tag.value] }
        for id in selection.artifacts { arguments += ["ARTIFACT", id.description] }
        if let before = selection.createdBefore { arguments += ["CREATED-BEFORE", time(before)] }
        if let since = selection.notHitSince { arguments += ["NOT-HIT-SINCE", time(since)] }
        if selection.expired { arguments.append("EXPIRED") }
        if let size = selection.maxTotalSize { arguments += ["MAX-TOTAL-SIZE", String(size)] }
        return arguments
    }

    private static func time(_ time: PurgeSelection.Time) -> String {
        switch time {
        case .at(let date): RFC3339.format(nanoseconds: date.unixNanoseconds)
        case .ago(let duration):
            "\(Int64(clamping: Int128(duration.components.seconds) * 1_000_000_000 + Int128(duration.components.attoseconds / 1_000_000_000)))ns"
        }
    }
}
