/// Every prepared statement, prepared once on each connection. The SQL's logic lives in the
/// functions of `schema.sql`, so each operation is one statement and one round trip.
enum Statement: String, CaseIterable, Sendable {
    case getMany = "cairn_get_many"
    case artifactByID = "cairn_artifact_by_id"
    case artifactByTag = "cairn_artifact_by_tag"
    case putMany = "cairn_put_many"
    case createArtifact = "cairn_create_artifact"
    case updateArtifact = "cairn_update_artifact"
    case deleteArtifact = "cairn_delete_artifact"
    case evict = "cairn_evict"
    case addTag = "cairn_add_tag"
    case createDataset = "cairn_create_dataset"
    case getDataset = "cairn_get_dataset"
    case reserve = "cairn_reserve"
    case lease = "cairn_lease"
    case release = "cairn_release"
    case getReservation = "cairn_get_reservation"
    case recordHits = "cairn_record_hits"
    case schemaVersion = "cairn_schema_version"
    case explain = "cairn_explain"

    private static let datasetKey =
        "ds.project = $1::text AND ds.domain = $2::text AND ds.name = $3::text AND ds.version = $4::text"
    /// The content parameters shared by put, create and update, starting at `$n`.
    private static func content(from n: Int) -> String {
        "$\(n)::text[], $\(n + 1)::bytea[], $\(n + 2)::text[], $\(n + 3)::bigint[], $\(n + 4)::bytea[], "
            + "$\(n + 5)::text[], $\(n + 6)::bigint[], $\(n + 7)::bytea[], $\(n + 8)::bigint, $\(n + 9)::bytea"
    }

    /// The puts' expiry times: now() (PostgreSQL's clock, the put's transaction) plus the TTL at `$7`,
    /// so an artifact expires exactly its TTL after its `created_at`. An overwrite without a TTL keeps
    /// the live artifact's expiry (as `ARTIFACT.UPDATE` does); with none live, it never expires.
    private static let putExpiries = keptOrNew(new: "now() + x.ttl", kept: "a.expires_at")

    /// The puts' sliding TTLs: the TTL at `$7` where `$23` marks the put SLIDING, none for a plain TTL,
    /// and an overwrite without a TTL keeps the live artifact's (with its expiry).
    private static let putSlidingTTLs = keptOrNew(new: "CASE WHEN x.sliding THEN x.ttl END", kept: "a.sliding_ttl")

    /// Per put: `new` where it gives a TTL, else for an overwrite the live artifact's `kept` column.
    private static func keptOrNew(new: String, kept: String) -> String {
        """
        (SELECT array_agg(CASE WHEN x.ttl IS NOT NULL THEN \(new) WHEN x.overwrite THEN \
        (SELECT \(kept) FROM datasets ds JOIN tags t ON t.dataset_id = ds.id JOIN artifacts a ON a.id = t.artifact_id \
        WHERE ds.project = x.project AND ds.domain = x.domain AND ds.name = x.name AND ds.version = x.version \
        AND t.name = x.tag AND a.expires_at > now()) END ORDER BY x.n) \
        FROM unnest($7::interval[], $12::boolean[], $23::boolean[], $1::text[], $2::text[], $3::text[], $4::text[], \
        $5::text[]) WITH ORDINALITY AS x (ttl, overwrite, sliding, project, domain, name, version, tag, n))
        """
    }

    var sql: String {
        switch self {
        case .getMany:
            CacheBatches.lookupSQL
        case .artifactByID:
            ArtifactSQL.select(
                values: true, labels: true, from: "artifacts a JOIN datasets ds ON ds.id = a.dataset_id",
                suffix: "WHERE a.id = $1::uuid")
        case .artifactByTag:
            ArtifactSQL.select(values: true, labels: true, from: ArtifactSQL.byTag, suffix: ArtifactSQL.byTagWhere)
        case .putMany:
            "SELECT ordinal, outcome, artifact_id, fencing_token FROM cairn_put_many($1::text[], $2::text[], $3::text[], "
                + "$4::text[], $5::text[], $6::uuid[], \(Self.putExpiries), $8::jsonb[], $9::bigint[], $10::bytea[], "
                + "$11::bigint[], $12::boolean[], $13::integer[], $14::text[], $15::bytea[], $16::text[], $17::bigint[], "
                + "$18::bytea[], $19::integer[], $20::text[], $21::bigint[], $22::bytea[], \(Self.putSlidingTTLs), "
                + "$24::integer[], $25::text[], $26::bytea[], $27::text[])"
        case .createArtifact:
            // The expiry is the creation time plus the TTL on PostgreSQL's clock, returned with it: one
            // clock, so the reply shows exactly what is stored.
            "SELECT created, created + $6::interval FROM cairn_create_artifact($1::text, $2::text, $3::text, "
                + "$4::text, $5::uuid, now() + $6::interval, $7::jsonb, \(Self.content(from: 8)), $18::text[], "
                + "$19::text[], $20::text[]) AS created"
        case .updateArtifact:
            "SELECT cairn_update_artifact(coalesce($6::uuid, (SELECT t.artifact_id FROM datasets ds JOIN tags t "
                + "ON t.dataset_id = ds.id WHERE \(Self.datasetKey) AND t.name = $5::text)), now() + $7::interval, "
                + "$8::boolean, $9::jsonb, \(Self.content(from: 10)))"
        case .deleteArtifact:
            "SELECT cairn_delete_artifact($1::uuid)"
        case .evict:
            "SELECT cairn_delete_artifact(t.artifact_id, 'evict') FROM datasets ds JOIN tags t ON t.dataset_id = ds.id "
                + "WHERE \(Self.datasetKey) AND t.name = $5::text"
        case .addTag:
            "SELECT outcome, other FROM cairn_add_tag($1::text, $2::text, $3::text, $4::text, $5::text, $6::uuid, $7::boolean)"
        case .createDataset:
            "SELECT created, metadata, partition_keys, created_at "
                + "FROM cairn_create_dataset($1::text, $2::text, $3::text, $4::text, $5::jsonb, $6::text[])"
        case .getDataset:
            "SELECT ds.project, ds.domain, ds.name, ds.version, ds.metadata, ds.partition_keys, ds.created_at "
                + "FROM datasets ds WHERE \(Self.datasetKey)"
        case .reserve, .lease:
            "SELECT outcome, owner, expires_at, fencing_token, artifact_id "
                + "FROM \(rawValue)($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::interval)"
        case .release:
            "DELETE FROM reservations r USING datasets ds WHERE r.dataset_id = ds.id AND \(Self.datasetKey) "
                + "AND r.tag = $5::text AND r.owner = $6::text"
        case .getReservation:
            "SELECT r.owner, r.expires_at, r.fencing_token FROM reservations r JOIN datasets ds ON ds.id = r.dataset_id "
                + "WHERE \(Self.datasetKey) AND r.tag = $5::text"
        case .recordHits:
            // A sliding artifact's expiry moves to the hit plus its sliding TTL (never earlier); a hit
            // recorded after the artifact expired does not bring it back.
            "UPDATE artifacts a SET last_hit_at = greatest(a.last_hit_at, h.at), hit_count = a.hit_count + h.n, "
                + "expires_at = CASE WHEN a.sliding_ttl IS NOT NULL AND a.expires_at > h.at "
                + "THEN greatest(a.expires_at, h.at + a.sliding_ttl) ELSE a.expires_at END "
                + "FROM unnest($1::uuid[], $2::timestamptz[], $3::bigint[]) AS h (id, at, n) WHERE a.id = h.id"
        case .schemaVersion:
            "SELECT coalesce(max(version), 0)::bigint FROM cairn_schema_version"
        case .explain:
            ExplainSQL.statement
        }
    }
}
