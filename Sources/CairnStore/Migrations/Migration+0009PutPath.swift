extension Migration {
    /// Version 9: a cheaper put. `cairn_put_many` creates datasets only when one is missing (it looks first),
    /// checks for fences without a query, deletes losing artifacts only when a tag was lost, and walks its new
    /// puts without one; `artifact_inputs` loses its foreign key, whose check ran a query per input written and
    /// whose cascade one per artifact deleted, for a statement trigger that deletes the inputs of all the
    /// artifacts a statement deleted at once. Same signature, same outcomes.
    static let putPath = Migration(
        version: 9,
        name: "put_path",
        sql: #"""
            ALTER TABLE artifact_inputs DROP CONSTRAINT artifact_inputs_artifact_id_fkey;
            \#(inputTriggerSQL)
            \#(putManySQL)
            """#)

    /// The trigger that replaces `artifact_inputs`' cascade, as `schema.sql` states it.
    static let inputTriggerSQL = #"""
        -- Input digests go with their artifact: one set-based delete per statement that deletes artifacts (a
        -- foreign key's cascade ran a query per row, and its check one per input inserted); a truncate of artifacts
        -- truncates them too.
        CREATE FUNCTION cairn_delete_artifact_inputs()
        RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'TRUNCATE' THEN
                TRUNCATE artifact_inputs;
            ELSE
                DELETE FROM artifact_inputs i USING deleted_rows o WHERE i.artifact_id = o.id;
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER artifacts_delete_inputs AFTER DELETE ON artifacts REFERENCING OLD TABLE AS deleted_rows
            FOR EACH STATEMENT EXECUTE FUNCTION cairn_delete_artifact_inputs();
        CREATE TRIGGER artifacts_truncate_inputs AFTER TRUNCATE ON artifacts
            FOR EACH STATEMENT EXECUTE FUNCTION cairn_delete_artifact_inputs();
        """#

    /// `cairn_put_many` of version 9, as `schema.sql` states it.
    static let putManySQL = #"""
        CREATE OR REPLACE FUNCTION cairn_put_many(
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
            -- Fenced puts: hold the reservations so that a takeover waits for this transaction.
            IF cardinality(array_remove(p_fence, NULL)) > 0 THEN
                PERFORM 1 FROM reservations r JOIN datasets d ON d.id = r.dataset_id
                  JOIN unnest(p_project, p_domain, p_name, p_version, p_tag, p_fence) AS k (project, domain, name, version, tag, fence)
                    ON d.project = k.project AND d.domain = k.domain AND d.name = k.name AND d.version = k.version
                   AND r.tag = k.tag AND k.fence IS NOT NULL
                 ORDER BY r.dataset_id, r.tag FOR SHARE OF r;
            END IF;
            -- What each put finds: its dataset, the tag's reservation token, the tag's artifact and expiry. A put into
            -- a dataset that does not exist yet creates it (a concurrent creator's row is waited for, then skipped) and
            -- looks again; a put into an existing one skips that.
            LOOP
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
                EXIT WHEN coalesce(cardinality(v_dataset), 0) = n;
                INSERT INTO datasets (project, domain, name, version)
                SELECT DISTINCT k.project, k.domain, k.name, k.version
                  FROM unnest(p_project, p_domain, p_name, p_version) AS k (project, domain, name, version)
                 WHERE NOT EXISTS (SELECT 1 FROM datasets d WHERE d.project = k.project AND d.domain = k.domain
                                                               AND d.name = k.name AND d.version = k.version)
                 ORDER BY 1, 2, 3, 4
                ON CONFLICT ON CONSTRAINT datasets_key DO NOTHING;
            END LOOP;
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
                IF cardinality(v_won) < cardinality(v_new) THEN
                    DELETE FROM artifacts WHERE id IN (SELECT p_artifact[j] FROM unnest(v_new) AS j) AND NOT (id = ANY (v_won));
                END IF;
                FOREACH i IN ARRAY v_new LOOP
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
        """#
}
