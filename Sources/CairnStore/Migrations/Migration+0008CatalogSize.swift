extension Migration {
    /// Version 8: the catalog's total size, known without summing the artifacts. Triggers on
    /// `artifacts` append each statement's change (bytes and artifacts) to `catalog_size_changes`, an
    /// insert that waits for no other writer, and `cairn_catalog_size(fold)` adds them to the one
    /// `catalog_size` row (folding deletes them) and returns the total: the budget's check is a read of
    /// a few rows, not of the table. The starting total is summed once here, with writers held off.
    static let catalogSize = Migration(
        version: 8,
        name: "catalog_size",
        sql: #"""
            \#(catalogSizeSQL)
            LOCK TABLE artifacts IN SHARE MODE;
            INSERT INTO catalog_size (bytes, artifacts) SELECT coalesce(sum(total_size), 0)::bigint, count(*) FROM artifacts;
            """#)

    /// The tables, functions and triggers of version 8, as `schema.sql` states them.
    static let catalogSizeSQL = #"""
        -- The catalog's size: total_size (inline bytes plus blob sizes) summed over artifacts, and their count.
        -- One row, moved by folding in catalog_size_changes (cairn_catalog_size), never by writers directly, so
        -- puts do not queue on it.
        CREATE TABLE catalog_size (
            id         boolean PRIMARY KEY DEFAULT true CHECK (id),
            bytes      bigint NOT NULL,
            artifacts  bigint NOT NULL
        );
        COMMENT ON TABLE catalog_size IS 'Total size and count of artifacts, as of the last fold of catalog_size_changes.';

        -- Changes to catalog_size not folded yet: one row per statement that inserted or deleted artifacts or
        -- changed a total_size (appended by the triggers below; an insert takes no lock another writer waits for).
        CREATE TABLE catalog_size_changes (
            bytes      bigint NOT NULL,
            artifacts  bigint NOT NULL
        );
        COMMENT ON TABLE catalog_size_changes IS 'Changes to catalog_size since its last fold, one row per statement.';

        CREATE FUNCTION cairn_count_inserted_artifacts()
        RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO catalog_size_changes (bytes, artifacts)
            SELECT coalesce(sum(n.total_size), 0)::bigint, count(*) FROM inserted_rows n HAVING count(*) > 0;
            RETURN NULL;
        END $$;
        CREATE TRIGGER artifacts_count_inserted AFTER INSERT ON artifacts REFERENCING NEW TABLE AS inserted_rows
            FOR EACH STATEMENT EXECUTE FUNCTION cairn_count_inserted_artifacts();

        CREATE FUNCTION cairn_count_deleted_artifacts()
        RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO catalog_size_changes (bytes, artifacts)
            SELECT -coalesce(sum(o.total_size), 0)::bigint, -count(*) FROM deleted_rows o HAVING count(*) > 0;
            RETURN NULL;
        END $$;
        CREATE TRIGGER artifacts_count_deleted AFTER DELETE ON artifacts REFERENCING OLD TABLE AS deleted_rows
            FOR EACH STATEMENT EXECUTE FUNCTION cairn_count_deleted_artifacts();

        -- Overwrites in place change total_size; hits (last_hit_at, expires_at) never fire this.
        CREATE FUNCTION cairn_count_resized_artifact()
        RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO catalog_size_changes (bytes, artifacts) VALUES (NEW.total_size - OLD.total_size, 0);
            RETURN NULL;
        END $$;
        CREATE TRIGGER artifacts_count_resized AFTER UPDATE OF total_size ON artifacts
            FOR EACH ROW WHEN (OLD.total_size IS DISTINCT FROM NEW.total_size)
            EXECUTE FUNCTION cairn_count_resized_artifact();

        CREATE FUNCTION cairn_count_truncated_artifacts()
        RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM catalog_size_changes;
            UPDATE catalog_size SET bytes = 0, artifacts = 0;
            RETURN NULL;
        END $$;
        CREATE TRIGGER artifacts_count_truncated AFTER TRUNCATE ON artifacts
            FOR EACH STATEMENT EXECUTE FUNCTION cairn_count_truncated_artifacts();

        -- The catalog's total size and artifact count: the row plus the changes not folded yet. With p_fold, the
        -- changes visible now are added to the row and deleted, in this transaction (concurrent folds wait for
        -- each other on the row; a change committed meanwhile stays for the next fold).
        CREATE FUNCTION cairn_catalog_size(p_fold boolean)
        RETURNS TABLE (bytes bigint, artifacts bigint) LANGUAGE plpgsql AS $$
        BEGIN
            IF p_fold THEN
                RETURN QUERY
                WITH gone AS (DELETE FROM catalog_size_changes c RETURNING c.bytes, c.artifacts)
                UPDATE catalog_size s SET bytes = s.bytes + (SELECT coalesce(sum(g.bytes), 0) FROM gone g)::bigint,
                       artifacts = s.artifacts + (SELECT coalesce(sum(g.artifacts), 0) FROM gone g)::bigint
                RETURNING s.bytes, s.artifacts;
            ELSE
                RETURN QUERY
                SELECT s.bytes + (SELECT coalesce(sum(c.bytes), 0) FROM catalog_size_changes c)::bigint,
                       s.artifacts + (SELECT coalesce(sum(c.artifacts), 0) FROM catalog_size_changes c)::bigint
                  FROM catalog_size s;
            END IF;
        END $$;
        """#
}
