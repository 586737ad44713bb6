import CairnCore
import Foundation

/// What a set of artifacts holds: counts, bytes, hits, age and expiry.
public struct ArtifactStats: Sendable, Equatable {
    /// Artifacts, expired ones included.
    public var artifacts: Int64 = 0
    /// Bytes stored inline in the catalog.
    public var inlineBytes: Int64 = 0
    /// Sizes of the blobs the artifacts reference, per artifact (an object two artifacts share counts twice).
    public var blobBytes: Int64 = 0
    /// Recorded cache hits (`hit_count` summed; hits are written in batches, so recent ones may lag).
    public var hits: Int64 = 0
    /// The earliest and latest `created_at`; `nil` without artifacts.
    public var oldest: Date?
    public var newest: Date?
    /// Artifacts past their expiry that no purge has deleted yet.
    public var expired: Int64 = 0

    public init() {}
}

/// ``ArtifactStats`` per dataset and in total, with the blob deletion queue's length.
public struct CatalogStats: Sendable, Equatable {
    /// One dataset's figures.
    public struct Dataset: Sendable, Equatable {
        public var id: DatasetID
        public var stats: ArtifactStats
    }

    /// Every dataset of the selection (empty ones too), by project, domain, name and version.
    public var datasets: [Dataset] = []
    /// The whole selection.
    public var totals = ArtifactStats()
    /// Blob deletions waiting for the collector, in the whole catalog (the queue has no datasets).
    public var queuedBlobDeletions: Int64 = 0
}

extension MaintenanceConnection {
    /// Figures per dataset and in total, optionally only for one project and/or domain. One
    /// set-based statement: per-artifact blob sizes, then grouping sets of datasets and the total.
    public func catalogStats(project: String? = nil, domain: String? = nil) throws -> CatalogStats {
        var bind = PGBind()
        bind.append(project)
        bind.append(domain)
        let result = try query(
            """
            SELECT GROUPING(d.id) = 1, d.project, d.domain, d.name, d.version, count(p.id),
                   (coalesce(sum(p.total_size), 0) - coalesce(sum(p.blob_bytes), 0))::bigint,
                   coalesce(sum(p.blob_bytes), 0)::bigint, coalesce(sum(p.hit_count), 0)::bigint,
                   min(p.created_at), max(p.created_at), count(p.id) FILTER (WHERE p.expires_at <= now()),
                   (SELECT count(*) FROM blob_deletions)
              FROM datasets d
              LEFT JOIN (SELECT a.id, a.dataset_id, a.total_size, a.hit_count, a.created_at, a.expires_at,
                                coalesce(sum(b.size), 0) AS blob_bytes
                           FROM artifacts a
                           JOIN datasets s ON s.id = a.dataset_id
                                AND ($1::text IS NULL OR s.project = $1) AND ($2::text IS NULL OR s.domain = $2)
                           LEFT JOIN artifact_blobs b ON b.artifact_id = a.id
                          GROUP BY a.id) p ON p.dataset_id = d.id
             WHERE ($1::text IS NULL OR d.project = $1) AND ($2::text IS NULL OR d.domain = $2)
             GROUP BY GROUPING SETS ((d.id, d.project, d.domain, d.name, d.version), ())
             ORDER BY 1, d.project COLLATE "C", d.domain COLLATE "C", d.name COLLATE "C", d.version COLLATE "C"
            """, bind)
        var stats = CatalogStats()
        for row in 0..<result.rowCount {
            var figures = ArtifactStats()
            figures.artifacts = result.int64(row, 5)
            figures.inlineBytes = result.int64(row, 6)
            figures.blobBytes = result.int64(row, 7)
            figures.hits = result.int64(row, 8)
            figures.oldest = result.optionalDate(row, 9)
            figures.newest = result.optionalDate(row, 10)
            figures.expired = result.int64(row, 11)
            stats.queuedBlobDeletions = result.int64(row, 12)
            if result.bool(row, 0) {
                stats.totals = figures
            } else {
                let id = try DatasetID(
                    project: result.string(row, 1), domain: result.string(row, 2), name: result.string(row, 3),
                    version: result.string(row, 4))
                stats.datasets.append(CatalogStats.Dataset(id: id, stats: figures))
            }
        }
        return stats
    }
}
