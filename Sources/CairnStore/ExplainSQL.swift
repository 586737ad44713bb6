/// The one statement behind `CACHE.EXPLAIN`: what the key holds or held, and the nearest earlier
/// result of the same task, in one round trip of index probes.
enum ExplainSQL {
    /// How many of the most recent artifacts sharing each input value (per dataset of the task) are
    /// compared: the bound that keeps the search a set of short index range scans, whatever the
    /// number of artifacts (an input with one value in every artifact costs this many rows, not all).
    static let perInputCandidates = 16

    /// `$1…$4` the dataset, `$5` the tag, `$6`/`$7` the key's input names and digests, `$8` the
    /// per-input bound. Candidates: per dataset of the task (the dataset name, any project, domain or
    /// version: `datasets_name`) and per input, the most recent artifacts with the same digest
    /// (`artifact_inputs_by_value`, newest first, limited); the same tag in each of those datasets; and
    /// each dataset's newest artifact (`artifacts_dataset_created`), so a result sharing nothing is
    /// still found. The nearest is the candidate sharing the most digests, most recent first.
    /// One row: the key's live artifact, its removal record, the nearest with its dataset, shared
    /// count, metadata and recorded inputs (names, hex digests, previews in name order).
    static let statement = """
        WITH q AS (SELECT * FROM unnest($6::text[], $7::bytea[]) AS q (name, digest)), \
        target AS (SELECT ds.id FROM datasets ds WHERE ds.project = $1::text AND ds.domain = $2::text \
        AND ds.name = $3::text AND ds.version = $4::text), \
        live AS (SELECT a.id, a.created_at, a.expires_at FROM target JOIN tags t ON t.dataset_id = target.id \
        AND t.name = $5::text JOIN artifacts a ON a.id = t.artifact_id), \
        family AS (SELECT ds.id FROM datasets ds WHERE ds.name = $3::text), \
        candidates AS (\
        SELECT c.artifact_id FROM family f CROSS JOIN q CROSS JOIN LATERAL (SELECT i.artifact_id FROM artifact_inputs i \
        WHERE i.dataset_id = f.id AND i.name = q.name AND i.digest = q.digest ORDER BY i.created_at DESC \
        LIMIT $8::bigint) c \
        UNION SELECT t.artifact_id FROM family f JOIN tags t ON t.dataset_id = f.id AND t.name = $5::text \
        UNION SELECT n.id FROM family f CROSS JOIN LATERAL (SELECT a.id FROM artifacts a WHERE a.dataset_id = f.id \
        ORDER BY a.created_at DESC LIMIT 1) n), \
        best AS (SELECT a.id, a.dataset_id, a.created_at, a.metadata, (SELECT count(*) FROM artifact_inputs i \
        JOIN q ON q.name = i.name AND q.digest = i.digest WHERE i.artifact_id = a.id) AS shared \
        FROM candidates c JOIN artifacts a ON a.id = c.artifact_id \
        WHERE a.id NOT IN (SELECT live.id FROM live) \
        ORDER BY shared DESC, a.created_at DESC, a.id LIMIT 1) \
        SELECT live.id, live.created_at, live.expires_at, r.artifact_id, r.created_at, r.expires_at, r.removed_at, \
        r.cause, b.id, ds.project, ds.domain, ds.name, ds.version, b.created_at, b.shared, b.metadata, \
        ARRAY(SELECT i.name FROM artifact_inputs i WHERE i.artifact_id = b.id ORDER BY i.name), \
        ARRAY(SELECT encode(i.digest, 'hex') FROM artifact_inputs i WHERE i.artifact_id = b.id ORDER BY i.name), \
        ARRAY(SELECT i.preview FROM artifact_inputs i WHERE i.artifact_id = b.id ORDER BY i.name) \
        FROM (SELECT 1) one \
        LEFT JOIN live ON true \
        LEFT JOIN LATERAL (SELECT x.* FROM cache_removals x WHERE x.dataset_id = (SELECT target.id FROM target) \
        AND x.tag = $5::text) r ON true \
        LEFT JOIN best b ON true \
        LEFT JOIN datasets ds ON ds.id = b.dataset_id
        """
}
