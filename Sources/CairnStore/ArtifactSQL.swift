/// The one SELECT shape every artifact read uses, so one decoder (``ArtifactRow``) reads them all.
/// Items, blobs, tags and partitions come back as arrays: one row per artifact.
enum ArtifactSQL {
    /// Column positions of the shape below.
    enum Column {
        static let id = 0, project = 1, domain = 2, name = 3, version = 4, metadata = 5
        static let createdAt = 6, updatedAt = 7, expiresAt = 8, lastHitAt = 9, hitCount = 10
        static let totalSize = 11, checksum = 12
        static let itemNames = 13, itemSizes = 14, itemValues = 15, itemBlobURIs = 16, itemBlobSizes = 17
        static let itemBlobSHA256 = 18, blobURIs = 19, blobSizes = 20, blobSHA256 = 21
        static let tags = 22, partitionKeys = 23, partitionValues = 24
    }

    /// - Parameters:
    ///   - values: include inline values (listings leave them out unless asked).
    ///   - labels: include tags and partitions (the cache path does not need them).
    ///   - from: the FROM clause; it must bind `a` (artifacts) and `ds` (datasets).
    ///   - suffix: WHERE / ORDER BY / LIMIT.
    static func select(values: Bool, labels: Bool, from: String, suffix: String) -> String {
        """
        SELECT a.id, ds.project, ds.domain, ds.name, ds.version, a.metadata, a.created_at, a.updated_at, \
        a.expires_at, a.last_hit_at, a.hit_count, a.total_size, a.checksum, \
        i.names, i.sizes, \(values ? "i.vals" : "NULL::bytea[]"), i.uris, i.bsizes, i.shas, \
        b.uris, b.sizes, b.shas, \
        \(labels ? "tg.names, p.keys, p.vals" : "NULL::text[], NULL::text[], NULL::text[]") \
        FROM \(from) \
        CROSS JOIN LATERAL (SELECT array_agg(d.name) AS names, \
        array_agg(coalesce(octet_length(d.value)::bigint, d.blob_size)) AS sizes, \
        \(values ? "array_agg(d.value) AS vals, " : "")array_agg(d.blob_uri) AS uris, \
        array_agg(d.blob_size) AS bsizes, array_agg(d.blob_sha256) AS shas \
        FROM (SELECT * FROM artifact_data WHERE artifact_id = a.id ORDER BY name) d) i \
        CROSS JOIN LATERAL (SELECT array_agg(x.uri) AS uris, array_agg(x.size) AS sizes, array_agg(x.sha256) AS shas \
        FROM (SELECT * FROM artifact_blobs WHERE artifact_id = a.id ORDER BY uri) x) b \
        \(labels ? labelJoins : "")\(suffix)
        """
    }

    private static let labelJoins = """
        CROSS JOIN LATERAL (SELECT array_agg(t.name ORDER BY t.name) AS names FROM tags t WHERE t.artifact_id = a.id) tg \
        CROSS JOIN LATERAL (SELECT array_agg(q.key ORDER BY q.key) AS keys, array_agg(q.value ORDER BY q.key) AS vals \
        FROM partitions q WHERE q.artifact_id = a.id) p 
        """

    /// Joins a dataset given as `$1..$4` to the tag `$5` and its artifact.
    static let byTag = """
        datasets ds JOIN tags t ON t.dataset_id = ds.id JOIN artifacts a ON a.id = t.artifact_id
        """
    static let byTagWhere = """
        WHERE ds.project = $1::text AND ds.domain = $2::text AND ds.name = $3::text AND ds.version = $4::text \
        AND t.name = $5::text
        """
}
