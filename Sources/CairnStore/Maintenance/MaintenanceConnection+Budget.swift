import CairnCore
import Foundation

/// The catalog's total size: inline bytes plus blob sizes of every artifact (a blob that several
/// artifacts reference counts once for each), and how many artifacts there are.
public struct CatalogSize: Sendable, Equatable {
    public var bytes: Int64
    public var artifacts: Int64

    public init(bytes: Int64, artifacts: Int64) {
        self.bytes = bytes
        self.artifacts = artifacts
    }
}

/// What ``MaintenanceConnection/selectBudgetVictims(freeing:maxArtifacts:)`` fixed.
public struct BudgetSelection: Sendable, Equatable {
    /// Artifacts in the selected set.
    public var artifacts: Int64
    /// Their total size when selected.
    public var bytes: Int64
}

extension MaintenanceConnection {
    /// The catalog's size from `catalog_size` and the changes not folded into it yet (a few rows,
    /// not a sum over the artifacts). `fold` adds the changes to the row and deletes them first,
    /// which keeps the next read short.
    public func catalogSize(fold: Bool) throws -> CatalogSize {
        var bind = PGBind()
        bind.append(fold)
        let result = try query("SELECT bytes, artifacts FROM cairn_catalog_size($1::boolean)", bind)
        guard result.rowCount == 1 else { throw CairnError(.internalError, "catalog_size has no row") }
        return CatalogSize(bytes: result.int64(0, 0), artifacts: result.int64(0, 1))
    }

    /// Phase one of a budget eviction: fixes, in the purge's temporary set, the least recently used
    /// artifacts (last hit, or creation if never hit; oldest first) whose sizes add up to `bytes`,
    /// looking at no more than `maxArtifacts` of them (the rest is left for the next round). Rows
    /// written after this moment are never in the set.
    public func selectBudgetVictims(freeing bytes: Int64, maxArtifacts: Int) throws -> BudgetSelection {
        try connection.execute(
            "DROP TABLE IF EXISTS pg_temp.cairn_purge_victims; "
                + "CREATE TEMPORARY TABLE cairn_purge_victims (id uuid PRIMARY KEY, size bigint, used timestamptz)")
        var bind = PGBind()
        bind.append(bytes)
        bind.append(Int64(max(1, maxArtifacts)))
        // A top-N of the oldest uses (one pass, a bounded sort), then the prefix that frees enough:
        // every artifact whose predecessors have not freed `bytes` yet.
        try query(
            "INSERT INTO cairn_purge_victims SELECT o.id, o.total_size, o.used FROM (SELECT c.id, c.total_size, c.used, "
                + "sum(c.total_size) OVER (ORDER BY c.used, c.id ROWS UNBOUNDED PRECEDING) - c.total_size AS before "
                + "FROM (SELECT a.id, a.total_size, coalesce(a.last_hit_at, a.created_at) AS used FROM artifacts a "
                + "ORDER BY coalesce(a.last_hit_at, a.created_at), a.id LIMIT $2::bigint) c) o "
                + "WHERE o.before < $1::bigint",
            bind)
        let result = try query("SELECT count(*), coalesce(sum(size), 0)::bigint FROM cairn_purge_victims")
        return BudgetSelection(artifacts: result.int64(0, 0), bytes: result.int64(0, 1))
    }

    /// Phase two, one transaction: takes the next `limit` artifacts of the selected set and deletes
    /// those whose last use is still the one they were selected with (a hit since keeps an
    /// artifact) through `cairn_purge_artifacts`, as a purge does: data, tags and blob references in
    /// the same transaction (references queued for the blob collector), servers notified on commit,
    /// and the removal recorded with the cause `budget`. Returns the candidates (empty when the set
    /// is exhausted) and what was deleted.
    public func evictNextBudgetBatch(limit: Int) throws -> PurgeBatch {
        try connection.execute("BEGIN")
        do {
            // Read by the removal records that CACHE.EXPLAIN answers from (this transaction only).
            try connection.execute("SELECT set_config('cairn.removal_cause', 'budget', true)")
            var bind = PGBind()
            bind.append(Int64(max(1, limit)))
            let result = try query(
                "WITH taken AS (DELETE FROM cairn_purge_victims WHERE id IN (SELECT id FROM cairn_purge_victims "
                    + "ORDER BY id LIMIT $1::bigint) RETURNING id, used), purged AS (SELECT * FROM "
                    + "cairn_purge_artifacts(ARRAY(SELECT a.id FROM taken t JOIN artifacts a ON a.id = t.id "
                    + "WHERE coalesce(a.last_hit_at, a.created_at) <= t.used ORDER BY a.id))) "
                    + "SELECT t.id, p.deleted, p.deleted_bytes FROM taken t CROSS JOIN purged p", bind)
            try connection.execute("COMMIT")
            let ids = try (0..<result.rowCount).map { try result.artifactID($0, 0) }
            guard !ids.isEmpty else { return PurgeBatch(candidates: [], deleted: 0, deletedBytes: 0) }
            return PurgeBatch(candidates: ids, deleted: result.int64(0, 1), deletedBytes: result.int64(0, 2))
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Releases the session-level advisory lock `key` taken by ``tryAdvisoryLock(_:)``.
    public func advisoryUnlock(_ key: Int64) throws {
        var bind = PGBind()
        bind.append(key)
        try query("SELECT pg_advisory_unlock($1::bigint)", bind)
    }
}
