import CairnCore
import Foundation

/// The SQL condition a ``PurgeSelection`` stands for, over `artifacts a JOIN datasets ds`, with its
/// parameters appended to a bind. The budget (``PurgeSelection/maxTotalSize``) is not part of it:
/// it picks within the rows this condition selects.
struct PurgePredicate {
    private(set) var conditions: [String] = []

    /// Builds the condition, appending parameters to `bind` (numbered after what it holds), with
    /// durations counted back from `now`.
    init(_ selection: PurgeSelection, now: Date, bind: inout PGBind) {
        func parameter(_ type: String, _ append: (inout PGBind) -> Void) -> String {
            append(&bind)
            return "$\(bind.count)::\(type)"
        }
        if let dataset = selection.dataset {
            conditions.append("ds.project = \(parameter("text") { $0.append(dataset.project) })")
            conditions.append("ds.domain = \(parameter("text") { $0.append(dataset.domain) })")
            conditions.append("ds.name = \(parameter("text") { $0.append(dataset.name) })")
            conditions.append("ds.version = \(parameter("text") { $0.append(dataset.version) })")
        }
        if let project = selection.project {
            conditions.append("ds.project = \(parameter("text") { $0.append(project) })")
        }
        if let domain = selection.domain {
            conditions.append("ds.domain = \(parameter("text") { $0.append(domain) })")
        }
        if let prefix = selection.namePrefix {
            conditions.append("starts_with(ds.name, \(parameter("text") { $0.append(prefix) }))")
        }
        if let tag = selection.tag {
            conditions.append(
                "EXISTS (SELECT 1 FROM tags t WHERE t.artifact_id = a.id AND t.name = "
                    + "\(parameter("text") { $0.append(tag.value) }))")
        }
        if !selection.artifacts.isEmpty {
            conditions.append("a.id = ANY (\(parameter("uuid[]") { $0.append(uuidArray: selection.artifacts) }))")
        }
        if let before = selection.createdBefore {
            let date = before.resolve(now: now)
            conditions.append("a.created_at < \(parameter("timestamptz") { $0.append(date) })")
        }
        if let since = selection.notHitSince {
            let date = since.resolve(now: now)
            conditions.append(
                "coalesce(a.last_hit_at, a.created_at) < \(parameter("timestamptz") { $0.append(date) })")
        }
        if selection.expired {
            conditions.append("a.expires_at <= \(parameter("timestamptz") { $0.append(now) })")
        }
    }

    /// `WHERE`-ready text (`true` when nothing narrows the selection).
    var sql: String { conditions.isEmpty ? "true" : conditions.joined(separator: " AND ") }
}
