import Foundation

/// Which artifacts a purge deletes. Every selector given must hold (AND); an empty selection is
/// refused unless ``all`` says that everything is meant.
public struct PurgeSelection: Sendable, Hashable {
    /// A point in time given as a timestamp or as a duration before now.
    public enum Time: Sendable, Hashable {
        case at(Date)
        case ago(Duration)

        /// Parses an RFC 3339 timestamp (`2026-11-01T00:00:00Z`) or a duration (`7d`, `36h`, `90m`).
        /// - Throws: ``CairnError/Code/invalidArgument``.
        public static func parse(_ text: String, field: String) throws -> Time {
            if let duration = DurationText.duration(text) { return .ago(duration) }
            if case .success(let nanoseconds) = RFC3339.parse(text) {
                return .at(Date(timeIntervalSince1970: Double(nanoseconds) / 1e9))
            }
            throw CairnError.invalid(field, "'\(text)' is neither a timestamp (RFC 3339) nor a duration like 7d or 12h")
        }

        /// The instant this names, relative to `now` for a duration.
        public func resolve(now: Date) -> Date {
            switch self {
            case .at(let date): date
            case .ago(let duration): now.addingTimeInterval(-duration.timeInterval)
            }
        }
    }

    /// One dataset, exactly (excludes project, domain and name prefix).
    public var dataset: DatasetID?
    public var project: String?
    public var domain: String?
    /// Datasets whose name starts with this.
    public var namePrefix: String?
    /// Artifacts this tag points at.
    public var tag: TagName?
    /// These artifacts only.
    public var artifacts: [ArtifactID] = []
    /// Created before this instant.
    public var createdBefore: Time?
    /// Not hit since this instant (never hit counts from creation).
    public var notHitSince: Time?
    /// Expired (`expires_at` in the past).
    public var expired = false
    /// Evict the least recently hit artifacts of the selected scope until its total size (inline
    /// bytes plus blob sizes) fits this budget.
    public var maxTotalSize: Int64?
    /// Select everything the other selectors allow even if none is given.
    public var all = false

    public init() {}

    /// Whether no selector narrows the selection.
    public var hasNoSelector: Bool {
        dataset == nil && project == nil && domain == nil && namePrefix == nil && tag == nil && artifacts.isEmpty
            && createdBefore == nil && notHitSince == nil && !expired && maxTotalSize == nil
    }

    /// Checks that the selectors fit together.
    /// - Throws: ``CairnError/Code/invalidArgument``.
    public func validate() throws {
        if dataset != nil, project != nil || domain != nil || namePrefix != nil {
            throw CairnError.invalid("dataset", "cannot be combined with project, domain or name prefix")
        }
        if let size = maxTotalSize, size < 0 {
            throw CairnError.invalid("max total size", "must not be negative")
        }
        if hasNoSelector, !all {
            throw CairnError.invalid("selection", "is empty: give at least one selector, or 'all' to purge everything")
        }
        if let project { try Identifier.validateName(project, field: "project", maxLength: DatasetID.maxProjectLength) }
        if let domain { try Identifier.validateName(domain, field: "domain", maxLength: DatasetID.maxProjectLength) }
        if let namePrefix {
            try Identifier.validateName(namePrefix, field: "name prefix", maxLength: DatasetID.maxNameLength)
        }
    }
}
