extension Migration {
    /// Version 5: GIN indexes on dataset and artifact metadata, so `DATASET.LIST … META k v` and
    /// `ARTIFACT.LIST … META k v` (`metadata @> '{"k":"v"}'`) find the matching rows without reading
    /// every one. `jsonb_path_ops` serves exactly containment, in a smaller index than the default.
    /// Built in the migration's transaction (not CONCURRENTLY), which blocks writes to the two tables
    /// while it runs: a large catalog should be migrated at a quiet time.
    static let metadataIndexes = Migration(
        version: 5,
        name: "metadata_indexes",
        sql: #"""
            CREATE INDEX datasets_metadata ON datasets USING gin (metadata jsonb_path_ops);
            CREATE INDEX artifacts_metadata ON artifacts USING gin (metadata jsonb_path_ops);
            """#)
}
