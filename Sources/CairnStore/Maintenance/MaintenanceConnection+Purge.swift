import CairnCore
import Foundation

extension MaintenanceConnection {
    /// Phase one of a purge: fixes the set of artifacts `selection` picks now in a temporary table
    /// of this session (replacing an earlier one) and returns how many there are. Later batches
    /// work through that set, so rows written after this moment are never purged by this run.
    /// - Throws: ``CairnError/Code/invalidArgument`` for an invalid selection.
    @discardableResult
    public func selectPurgeVictims(_ selection: PurgeSelection, now: Date = Date()) throws -> Int64 {
        try selection.validate()
        try connection.execute(
            "DROP TABLE IF EXISTS pg_temp.cairn_purge_victims; "
                + "CREATE TEMPORARY TABLE cairn_purge_victims (id uuid PRIMARY KEY)")
        var bind = PGBind()
        let predicate = PurgePredicate(selection, now: now, bind: &bind)
        let scope = "FROM artifacts a JOIN datasets ds ON ds.id = a.dataset_id WHERE \(predicate.sql)"
        let sql: String
        if let budget = selection.maxTotalSize {
            bind.append(budget)
            // Most recently hit first; everything past the point where the running total exceeds
            // the budget goes, so what stays is the most recently hit prefix that fits.
            sql =
                "INSERT INTO cairn_purge_victims SELECT s.id FROM (SELECT a.id, sum(a.total_size) OVER "
                + "(ORDER BY coalesce(a.last_hit_at, a.created_at) DESC, a.id DESC ROWS UNBOUNDED PRECEDING) AS kept "
                + "\(scope)) s WHERE s.kept > $\(bind.count)::bigint"
        } else {
            sql = "INSERT INTO cairn_purge_victims SELECT a.id \(scope)"
        }
        let result = try query(sql, bind)
        try connection.execute("ANALYZE pg_temp.cairn_purge_victims")
        return Int64(result.affectedRows)
    }

    /// What deleting the selected set would remove: artifacts, inline bytes, and the blob objects
    /// (distinct digests) that no artifact outside the set references, with their bytes.
    public func purgeVictimsSummary() throws -> PurgeSummary {
        let result = try query(
            "SELECT (SELECT count(*) FROM cairn_purge_victims v JOIN artifacts a ON a.id = v.id), "
                + "(SELECT coalesce(sum(a.total_size), 0)::bigint FROM cairn_purge_victims v JOIN artifacts a ON a.id = v.id) "
                + "- (SELECT coalesce(sum(b.size), 0)::bigint FROM cairn_purge_victims v JOIN artifact_blobs b ON b.artifact_id = v.id), "
                + "count(x.sha256), coalesce(sum(x.size), 0)::bigint FROM ("
                + "SELECT b.sha256, max(b.size) AS size FROM cairn_purge_victims v JOIN artifact_blobs b ON b.artifact_id = v.id "
                + "GROUP BY b.sha256 HAVING NOT EXISTS (SELECT 1 FROM artifact_blobs o WHERE o.sha256 = b.sha256 "
                + "AND NOT EXISTS (SELECT 1 FROM cairn_purge_victims w WHERE w.id = o.artifact_id))) x")
        var summary = PurgeSummary(dryRun: true)
        summary.artifacts = result.int64(0, 0)
        summary.inlineBytes = result.int64(0, 1)
        summary.blobObjects = result.int64(0, 2)
        summary.blobBytes = result.int64(0, 3)
        return summary
    }

    /// Phase two, one transaction: takes the next `limit` artifacts of the selected set, checks
    /// them against `selection` again (an artifact overwritten since, with a later expiry, stays),
    /// and deletes them with everything hanging off them; their blob references are queued for
    /// the collector in the same transaction and servers are notified on commit. Returns the
    /// artifacts taken from the set (empty when it is exhausted) and how many were deleted.
    public func purgeNextBatch(_ selection: PurgeSelection, now: Date, limit: Int) throws -> PurgeBatch {
        // One transaction with the temporary table's change too: a failed batch (a deadlock with a
        // writer, say) leaves its artifacts in the set for the retry.
        try connection.execute("BEGIN")
        do {
            let batch = try takeAndPurge(selection, now: now, limit: limit)
            try connection.execute("COMMIT")
            return batch
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }

    private func takeAndPurge(_ selection: PurgeSelection, now: Date, limit: Int) throws -> PurgeBatch {
        var take = PGBind()
        take.append(Int64(max(1, limit)))
        let taken = try query(
            "DELETE FROM cairn_purge_victims WHERE id IN (SELECT id FROM cairn_purge_victims ORDER BY id "
                + "LIMIT $1::bigint) RETURNING id", take)
        let ids = try (0..<taken.rowCount).map { try taken.artifactID($0, 0) }
        guard !ids.isEmpty else { return PurgeBatch(candidates: [], deleted: 0, deletedBytes: 0) }
        var recheck = selection
        recheck.maxTotalSize = nil
        recheck.artifacts = []
        var bind = PGBind()
        bind.append(uuidArray: ids)
        let predicate = PurgePredicate(recheck, now: now, bind: &bind)
        // What the removal records of these keys say went wrong, for CACHE.EXPLAIN (this transaction only).
        var cause = PGBind()
        cause.append(selection.removalCause)
        _ = try query("SELECT set_config('cairn.removal_cause', $1::text, true)", cause)
        let result = try query(
            "SELECT deleted, deleted_bytes FROM cairn_purge_artifacts(ARRAY(SELECT a.id FROM artifacts a "
                + "JOIN datasets ds ON ds.id = a.dataset_id WHERE a.id = ANY ($1::uuid[]) AND \(predicate.sql) "
                + "ORDER BY a.id))", bind)
        return PurgeBatch(candidates: ids, deleted: result.int64(0, 0), deletedBytes: result.int64(0, 1))
    }

    /// Takes the session-level advisory lock `key` if it is free (another sweeper does not hold
    /// it); it goes with the connection.
    public func tryAdvisoryLock(_ key: Int64) throws -> Bool {
        var bind = PGBind()
        bind.append(key)
        return try query("SELECT pg_try_advisory_lock($1::bigint)", bind).bool(0, 0)
    }

    /// Drops the selected set.
    public func dropPurgeVictims() throws {
        try connection.execute("DROP TABLE IF EXISTS pg_temp.cairn_purge_victims")
    }
}

/// One committed purge transaction.
public struct PurgeBatch: Sendable, Equatable {
    /// The artifacts taken from the selected set (a superset of those deleted).
    public var candidates: [ArtifactID]
    public var deleted: Int64
    /// Their total size (inline bytes plus blob sizes).
    public var deletedBytes: Int64

    /// Runs a batch, again (up to five times, backing off) when it lost a deadlock or
    /// serialization conflict to live traffic. Blocking.
    public static func retryingConflicts(_ body: () throws -> PurgeBatch) throws -> PurgeBatch {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let error as CairnError where error.code == .conflict && attempt < 5 {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.01 * Double(attempt))
            }
        }
    }
}
