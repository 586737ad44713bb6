import CairnStore
import Foundation

/// How `cairn admin stats` prints: an aligned table for people, one JSON object for scripts.
enum StatsOutput {
    static let headers = ["dataset", "artifacts", "inline bytes", "blob bytes", "hits", "expired", "oldest", "newest"]

    /// One row per dataset, a total row, then the blob deletion queue's length. Numbers are right-aligned.
    static func table(_ stats: CatalogStats) -> [String] {
        let rows =
            [headers] + stats.datasets.map { cells($0.id.description, $0.stats) } + [cells("total", stats.totals)]
        let widths = headers.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        let numeric = 1...5
        let lines = rows.map { row in
            row.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - row[column].count)
                return numeric.contains(column) ? padding + row[column] : row[column] + padding
            }
            .joined(separator: "  ")
            .replacingOccurrences(of: " +$", with: "", options: .regularExpression)
        }
        return lines + ["blob deletion queue: \(stats.queuedBlobDeletions)"]
    }

    private static func cells(_ name: String, _ stats: ArtifactStats) -> [String] {
        [
            name, "\(stats.artifacts)", "\(stats.inlineBytes)", "\(stats.blobBytes)", "\(stats.hits)",
            "\(stats.expired)", stats.oldest.map { ClientOutput.text($0) } ?? "-",
            stats.newest.map { ClientOutput.text($0) } ?? "-",
        ]
    }

    /// `{"datasets": [{"dataset": …, "project": …, …figures}], "totals": {…}, "blob_deletion_queue": n}`;
    /// times in Unix milliseconds or null.
    static func json(_ stats: CatalogStats) -> [String: Any] {
        [
            "datasets": stats.datasets.map { dataset in
                json(dataset.stats).merging([
                    "dataset": dataset.id.description, "project": dataset.id.project, "domain": dataset.id.domain,
                    "name": dataset.id.name, "version": dataset.id.version,
                ]) { _, new in new }
            },
            "totals": json(stats.totals), "blob_deletion_queue": stats.queuedBlobDeletions,
        ]
    }

    static func json(_ stats: ArtifactStats) -> [String: Any] {
        [
            "artifacts": stats.artifacts, "inline_bytes": stats.inlineBytes, "blob_bytes": stats.blobBytes,
            "hits": stats.hits, "expired": stats.expired, "oldest": ClientOutput.milliseconds(stats.oldest),
            "newest": ClientOutput.milliseconds(stats.newest),
        ]
    }
}
