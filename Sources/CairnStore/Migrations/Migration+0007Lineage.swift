extension Migration {
    /// Version 7: lineage and miss explanations. `artifact_inputs` keeps the digest of each input an
    /// artifact was computed from (and a preview of inline values), indexed by (dataset, input, digest,
    /// recency) so that `CACHE.EXPLAIN` finds the nearest earlier result in bounded probes;
    /// `datasets_name` finds a task's datasets across projects, domains and versions; `cache_removals`
    /// records the last removal of each key with its cause (a trigger on artifacts, the cause from the
    /// transaction's `cairn.removal_cause`, which purges set and `cairn_delete_artifact(id, cause)` takes).
    /// `cairn_put_many` takes the input digests (new arguments, so it is created again; the previous
    /// signature stays as a wrapper for servers of version 6 during a rolling upgrade).
    static let lineage = Migration(
        version: 7,
        name: "lineage",
        sql: #"""
            -- The digest of each input an artifact was computed from (engine puts, CACHE.PUT … INPUT), beside the
            -- tag, which is the digest of the whole input map; preview is a short text of an inline value. The
            -- index finds, per dataset and input, the most recent artifacts that had this value: CACHE.EXPLAIN's
            -- nearest earlier result is a few bounded probes of it, not a scan.
            CREATE TABLE artifact_inputs (
                artifact_id  uuid NOT NULL REFERENCES artifacts (id) ON DELETE CASCADE,
                dataset_id   bigint NOT NULL,
                name         text NOT NULL,
                digest       bytea NOT NULL CHECK (octet_length(digest) = 32),
                preview      text,
                created_at   timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (artifact_id, name)
            );
            COMMENT ON TABLE artifact_inputs IS 'Input digests of artifacts: (artifact, input name) -> SHA-256 of the value, preview.';
            CREATE INDEX artifact_inputs_by_value ON artifact_inputs (dataset_id, name, digest, created_at DESC, artifact_id);
            -- The datasets of one task across projects, domains and versions (CACHE.EXPLAIN).
            CREATE INDEX datasets_name ON datasets (name);

            -- The last removal of each cache key: which artifact the tag pointed at, when it was created and set to
            -- expire, when it went and why (cause: the transaction's cairn.removal_cause setting, which purges,
            -- the expiry sweeper and CACHE.EVICT set; delete otherwise). Written by a trigger as artifacts go,
            -- read by CACHE.EXPLAIN, trimmed by cairn_trim_removals.
            CREATE TABLE cache_removals (
                dataset_id   bigint NOT NULL,
                tag          text NOT NULL,
                artifact_id  uuid NOT NULL,
                created_at   timestamptz NOT NULL,
                expires_at   timestamptz,
                removed_at   timestamptz NOT NULL DEFAULT now(),
                cause        text NOT NULL,
                PRIMARY KEY (dataset_id, tag)
            );
            COMMENT ON TABLE cache_removals IS 'Last removal of each (dataset, tag): artifact, times and cause, for CACHE.EXPLAIN.';
            CREATE INDEX cache_removals_removed_at ON cache_removals (removed_at);

            CREATE FUNCTION cairn_record_removal()
            RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO cache_removals AS r (dataset_id, tag, artifact_id, created_at, expires_at, cause)
                SELECT t.dataset_id, t.name, OLD.id, OLD.created_at, OLD.expires_at,
                       coalesce(nullif(current_setting('cairn.removal_cause', true), ''), 'delete')
                  FROM tags t WHERE t.artifact_id = OLD.id
                ON CONFLICT (dataset_id, tag) DO UPDATE
                   SET artifact_id = EXCLUDED.artifact_id, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
                       removed_at = EXCLUDED.removed_at, cause = EXCLUDED.cause;
                RETURN OLD;
            END $$;
            -- A batch delete (cairn_purge_artifacts) records its removals in one statement first and sets
            -- cairn.removals_recorded for its delete: the per-row trigger doubled a purge's cost.
            CREATE TRIGGER artifacts_record_removal BEFORE DELETE ON artifacts
                FOR EACH ROW WHEN (coalesce(current_setting('cairn.removals_recorded', true), '') <> 'on')
                EXECUTE FUNCTION cairn_record_removal();

            -- Removal records older than p_keep go (the expiry sweeper calls it); returns how many.
            CREATE FUNCTION cairn_trim_removals(p_keep interval)
            RETURNS bigint LANGUAGE sql AS $$
                WITH gone AS (DELETE FROM cache_removals WHERE removed_at < now() - p_keep RETURNING 1)
                SELECT count(*) FROM gone
            $$;

            -- Deletes an artifact as cairn_delete_artifact does, recording p_cause as the removal's cause.
            CREATE FUNCTION cairn_delete_artifact(p_artifact uuid, p_cause text)
            RETURNS boolean LANGUAGE plpgsql AS $$
            DECLARE
                v_previous text := current_setting('cairn.removal_cause', true);
                v_deleted boolean;
            BEGIN
                PERFORM set_config('cairn.removal_cause', p_cause, true);
                v_deleted := cairn_delete_artifact(p_artifact);
                PERFORM set_config('cairn.removal_cause', coalesce(v_previous, ''), true);
                RETURN v_deleted;
            END $$;

            DROP FUNCTION cairn_put_many(text[], text[], text[], text[], text[], uuid[], timestamptz[], jsonb[], bigint[],
                bytea[], bigint[], boolean[], integer[], text[], bytea[], text[], bigint[], bytea[], integer[], text[], bigint[],
                bytea[], interval[]);
            CREATE FUNCTION cairn_put_many(
                p_project text[], p_domain text[], p_name text[], p_version text[], p_tag text[], p_artifact uuid[],
                p_expires_at timestamptz[], p_metadata jsonb[], p_total_size bigint[], p_checksum bytea[],
                p_fence bigint[], p_overwrite boolean[],
                p_item_put integer[], p_item_name text[], p_item_value bytea[], p_item_blob_uri text[],
                p_item_blob_size bigint[], p_item_blob_sha256 bytea[],
                p_blob_put integer[], p_blob_uri text[], p_blob_size bigint[], p_blob_sha256 bytea[],
                p_sliding_ttl interval[],
                p_input_put integer[], p_input_name text[], p_input_digest bytea[], p_input_preview text[])
            RETURNS TABLE (ordinal integer, outcome text, artifact_id uuid, fencing_token bigint)
            LANGUAGE plpgsql AS $$
            DECLARE
                n integer := cardinality(p_tag);
                v_dataset bigint[];
                v_token bigint[];
                v_existing uuid[];
                v_expires timestamptz[];
                v_outcome text[] := array_fill(NULL::text, ARRAY[n]);
                v_result uuid[] := array_fill(NULL::uuid, ARRAY[n]);
                v_new integer[] := '{}';
                v_expired uuid[] := '{}';
                v_updated uuid[] := '{}';
                v_won uuid[];
                v_blob_count integer[] := array_fill(0, ARRAY[n]);
                v_winner uuid;
                i integer;
            BEGIN
                -- Datasets: create the missing ones (a concurrent creator's row is waited for, then skipped).
                INSERT INTO datasets (project, domain, name, version)
                SELECT DISTINCT k.project, k.domain, k.name, k.version
                  FROM unnest(p_project, p_domain, p_name, p_version) AS k (project, domain, name, version)
                 WHERE NOT EXISTS (SELECT 1 FROM datasets d WHERE d.project = k.project AND d.domain = k.domain
                                                               AND d.name = k.name AND d.version = k.version)
                 ORDER BY 1, 2, 3, 4
                ON CONFLICT ON CONSTRAINT datasets_key DO NOTHING;
                -- Fenced puts: hold the reservations so that a takeover waits for this transaction.
                IF EXISTS (SELECT 1 FROM unnest(p_fence) AS f WHERE f IS NOT NULL) THEN
                    PERFORM 1 FROM reservations r JOIN datasets d ON d.id = r.dataset_id
                      JOIN unnest(p_project, p_domain, p_name, p_version, p_tag, p_fence) AS k (project, domain, name, version, tag, fence)
                        ON d.project = k.project AND d.domain = k.domain AND d.name = k.name AND d.version = k.version
                       AND r.tag = k.tag AND k.fence IS NOT NULL
                     ORDER BY r.dataset_id, r.tag FOR SHARE OF r;
                END IF;
                -- What each put finds: its dataset, the tag's reservation token, the tag's artifact and expiry.
                -- Each key is looked up on its own (OFFSET 0 keeps the subqueries from being flattened), so
                -- every probe uses the whole primary key whatever the planner believes about table sizes.
                SELECT array_agg(x.dataset ORDER BY x.ord), array_agg(x.token ORDER BY x.ord),
                       array_agg(x.artifact ORDER BY x.ord), array_agg(x.expires ORDER BY x.ord)
                  INTO v_dataset, v_token, v_existing, v_expires
                  FROM (SELECT k.ord, d.id AS dataset, e.artifact_id AS artifact, e.expires_at AS expires,
                               (SELECT r.fencing_token FROM reservations r WHERE r.dataset_id = d.id AND r.tag = k.tag) AS token
                          FROM unnest(p_project, p_domain, p_name, p_version, p_tag) WITH ORDINALITY
                               AS k (project, domain, name, version, tag, ord)
                         CROSS JOIN LATERAL (SELECT ds.id FROM datasets ds WHERE ds.project = k.project AND ds.domain = k.domain
                                                AND ds.name = k.name AND ds.version = k.version OFFSET 0) d
                          LEFT JOIN LATERAL (SELECT t.artifact_id, a.expires_at FROM tags t JOIN artifacts a ON a.id = t.artifact_id
                                              WHERE t.dataset_id = d.id AND t.name = k.tag OFFSET 0) e ON true) x;
                IF cardinality(p_blob_put) > 0 THEN
                    FOR i IN 1 .. cardinality(p_blob_put) LOOP
                        v_blob_count[p_blob_put[i]] := v_blob_count[p_blob_put[i]] + 1;
                    END LOOP;
                END IF;
                FOR i IN 1 .. n LOOP
                    IF p_fence[i] IS NOT NULL AND v_token[i] IS NOT NULL AND v_token[i] <> p_fence[i] THEN
                        v_outcome[i] := 'fenced';
                    ELSIF v_existing[i] IS NOT NULL AND (v_expires[i] IS NULL OR v_expires[i] > now()) THEN
                        IF p_overwrite[i] THEN
                            DELETE FROM artifact_data WHERE artifact_data.artifact_id = v_existing[i];
                            DELETE FROM artifact_blobs WHERE artifact_blobs.artifact_id = v_existing[i];
                            INSERT INTO artifact_data (artifact_id, name, value, blob_uri, blob_size, blob_sha256)
                            SELECT v_existing[i], x.name, x.value, x.uri, x.size, x.sha256
                              FROM unnest(p_item_put, p_item_name, p_item_value, p_item_blob_uri, p_item_blob_size, p_item_blob_sha256)
                                   AS x (put, name, value, uri, size, sha256) WHERE x.put = i;
                            INSERT INTO artifact_blobs (artifact_id, uri, size, sha256)
                            SELECT v_existing[i], b.uri, b.size, b.sha256
                              FROM unnest(p_blob_put, p_blob_uri, p_blob_size, p_blob_sha256) AS b (put, uri, size, sha256) WHERE b.put = i;
                            DELETE FROM artifact_inputs WHERE artifact_inputs.artifact_id = v_existing[i];
                            INSERT INTO artifact_inputs (artifact_id, dataset_id, name, digest, preview)
                            SELECT v_existing[i], v_dataset[i], x.name, x.digest, x.preview
                              FROM unnest(p_input_put, p_input_name, p_input_digest, p_input_preview) AS x (put, name, digest, preview)
                             WHERE x.put = i;
                            UPDATE artifacts SET metadata = p_metadata[i], expires_at = p_expires_at[i], updated_at = now(),
                                   sliding_ttl = p_sliding_ttl[i], total_size = p_total_size[i], checksum = p_checksum[i], blob_count = v_blob_count[i]
                             WHERE id = v_existing[i];
                            v_outcome[i] := 'updated';
                            v_updated := v_updated || v_existing[i];
                        ELSE
                            v_outcome[i] := 'exists';
                        END IF;
                        v_result[i] := v_existing[i];
                    ELSE
                        IF v_existing[i] IS NOT NULL THEN v_expired := v_expired || v_existing[i]; END IF;
                        v_new := v_new || i;
                    END IF;
                END LOOP;
                IF cardinality(v_expired) > 0 THEN
                    DELETE FROM artifacts WHERE id = ANY (v_expired);
                END IF;
                IF cardinality(v_expired) + cardinality(v_updated) > 0 THEN
                    PERFORM cairn_notify_artifacts(v_expired || v_updated);
                END IF;
                IF cardinality(v_new) > 0 THEN
                    INSERT INTO artifacts (id, dataset_id, metadata, expires_at, total_size, checksum, blob_count, sliding_ttl)
                    SELECT p_artifact[j], v_dataset[j], p_metadata[j], p_expires_at[j], p_total_size[j], p_checksum[j], v_blob_count[j],
                           p_sliding_ttl[j]
                      FROM unnest(v_new) AS j;
                    INSERT INTO artifact_data (artifact_id, name, value, blob_uri, blob_size, blob_sha256)
                    SELECT p_artifact[x.put], x.name, x.value, x.uri, x.size, x.sha256
                      FROM unnest(p_item_put, p_item_name, p_item_value, p_item_blob_uri, p_item_blob_size, p_item_blob_sha256)
                           AS x (put, name, value, uri, size, sha256)
                     WHERE x.put = ANY (v_new);
                    IF cardinality(p_input_put) > 0 THEN
                        INSERT INTO artifact_inputs (artifact_id, dataset_id, name, digest, preview)
                        SELECT p_artifact[x.put], v_dataset[x.put], x.name, x.digest, x.preview
                          FROM unnest(p_input_put, p_input_name, p_input_digest, p_input_preview) AS x (put, name, digest, preview)
                         WHERE x.put = ANY (v_new);
                    END IF;
                    IF cardinality(p_blob_put) > 0 THEN
                        INSERT INTO artifact_blobs (artifact_id, uri, size, sha256)
                        SELECT p_artifact[b.put], b.uri, b.size, b.sha256
                          FROM unnest(p_blob_put, p_blob_uri, p_blob_size, p_blob_sha256) AS b (put, uri, size, sha256)
                         WHERE b.put = ANY (v_new);
                    END IF;
                    WITH inserted AS (
                        INSERT INTO tags (dataset_id, name, artifact_id)
                        SELECT v_dataset[j], p_tag[j], p_artifact[j] FROM unnest(v_new) WITH ORDINALITY AS w (j, position)
                         ORDER BY w.position
                        ON CONFLICT (dataset_id, name) DO NOTHING
                        RETURNING tags.artifact_id)
                    SELECT coalesce(array_agg(inserted.artifact_id), '{}') INTO v_won FROM inserted;
                    -- Losers: another writer (in another transaction, or earlier in this batch) holds the tag.
                    DELETE FROM artifacts WHERE id IN (SELECT p_artifact[j] FROM unnest(v_new) AS j) AND NOT (id = ANY (v_won));
                    FOR i IN SELECT unnest(v_new) LOOP
                        IF p_artifact[i] = ANY (v_won) THEN
                            v_outcome[i] := 'created';
                            v_result[i] := p_artifact[i];
                        ELSE
                            v_outcome[i] := 'exists';
                            SELECT t.artifact_id INTO STRICT v_winner FROM tags t WHERE t.dataset_id = v_dataset[i] AND t.name = p_tag[i];
                            v_result[i] := v_winner;
                        END IF;
                    END LOOP;
                END IF;
                RETURN QUERY SELECT k.i::integer, v_outcome[k.i], v_result[k.i],
                                    CASE WHEN v_outcome[k.i] = 'fenced' THEN v_token[k.i] END
                               FROM generate_series(1, n) AS k (i);
            END $$;

            -- The put of servers from before version 7 (no input digests), kept so that during a rolling upgrade
            -- those servers go on writing through the migrated schema; their artifacts record no inputs.
            CREATE FUNCTION cairn_put_many(
                p_project text[], p_domain text[], p_name text[], p_version text[], p_tag text[], p_artifact uuid[],
                p_expires_at timestamptz[], p_metadata jsonb[], p_total_size bigint[], p_checksum bytea[],
                p_fence bigint[], p_overwrite boolean[],
                p_item_put integer[], p_item_name text[], p_item_value bytea[], p_item_blob_uri text[],
                p_item_blob_size bigint[], p_item_blob_sha256 bytea[],
                p_blob_put integer[], p_blob_uri text[], p_blob_size bigint[], p_blob_sha256 bytea[],
                p_sliding_ttl interval[])
            RETURNS TABLE (ordinal integer, outcome text, artifact_id uuid, fencing_token bigint)
            LANGUAGE sql AS $$
                SELECT * FROM cairn_put_many(p_project, p_domain, p_name, p_version, p_tag, p_artifact, p_expires_at,
                    p_metadata, p_total_size, p_checksum, p_fence, p_overwrite, p_item_put, p_item_name, p_item_value,
                    p_item_blob_uri, p_item_blob_size, p_item_blob_sha256, p_blob_put, p_blob_uri, p_blob_size, p_blob_sha256,
                    p_sliding_ttl, '{}'::integer[], '{}'::text[], '{}'::bytea[], '{}'::text[])
            $$;
            -- The batch's removals are recorded in one statement (cause: the transaction's cairn.removal_cause,
            -- purge when unset), then the delete runs with the per-row trigger standing aside.
            CREATE OR REPLACE FUNCTION cairn_purge_artifacts(p_ids uuid[])
            RETURNS TABLE (deleted bigint, deleted_bytes bigint) LANGUAGE plpgsql AS $$
            DECLARE
                v_ids uuid[];
            BEGIN
                INSERT INTO cache_removals AS r (dataset_id, tag, artifact_id, created_at, expires_at, cause)
                SELECT t.dataset_id, t.name, a.id, a.created_at, a.expires_at,
                       coalesce(nullif(current_setting('cairn.removal_cause', true), ''), 'purge')
                  FROM artifacts a JOIN tags t ON t.artifact_id = a.id
                 WHERE a.id = ANY (p_ids)
                ON CONFLICT (dataset_id, tag) DO UPDATE
                   SET artifact_id = EXCLUDED.artifact_id, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
                       removed_at = EXCLUDED.removed_at, cause = EXCLUDED.cause;
                PERFORM set_config('cairn.removals_recorded', 'on', true);
                WITH gone AS (DELETE FROM artifacts a WHERE a.id = ANY (p_ids) RETURNING a.id, a.total_size)
                SELECT array_agg(g.id), count(*), coalesce(sum(g.total_size), 0)::bigint INTO v_ids, deleted, deleted_bytes
                  FROM gone g;
                PERFORM set_config('cairn.removals_recorded', '', true);
                PERFORM cairn_notify_artifacts(v_ids);
                RETURN NEXT;
            END $$;
            """#)
}
