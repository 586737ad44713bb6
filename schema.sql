-- Cairn catalog schema: what a fresh database holds after `cairn admin migrate`.
--
-- This file is the readable whole. The history that produces it lives in numbered migrations
-- (Sources/CairnStore/Migrations/Migration+NNNN*.swift, applied by `cairn admin migrate`); a test
-- applies both to empty databases and checks that `pg_dump --schema-only` of each is identical.
--
-- The hot paths are single statements: a cache lookup is one SELECT whose plan is index probes on
-- datasets_key -> tags_pkey -> artifacts_pkey -> artifact_data_pkey; a put, a reservation, a create
-- or an update is one call to a function below, so each is one round trip and one transaction.
-- Functions signal expected failures with SQLSTATE class CA (CA400 invalid argument, CA404 not
-- found, CA409 already exists / conflict), which the store maps to CairnError codes.

-- Which migrations have been applied. The highest version is the schema's version.
CREATE TABLE cairn_schema_version (
    version     integer PRIMARY KEY,
    name        text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE cairn_schema_version IS 'Applied migrations; max(version) is the schema version.';

-- A dataset: the artifacts of one task version. Identified by (project, domain, name, version).
CREATE TABLE datasets (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project         text NOT NULL,
    domain          text NOT NULL,
    name            text NOT NULL,
    version         text NOT NULL,
    metadata        jsonb NOT NULL DEFAULT '{}',
    partition_keys  text[] NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT datasets_key UNIQUE (project, domain, name, version)
);
COMMENT ON TABLE datasets IS 'Datasets: (project, domain, name, version), metadata and partition keys.';
-- Listing datasets by metadata (DATASET.LIST … META k v is metadata @> '{"k":"v"}').
CREATE INDEX datasets_metadata ON datasets USING gin (metadata jsonb_path_ops);

-- An artifact: one stored result. Its data lives in artifact_data, its blob references in
-- artifact_blobs (blob_count of them, so a lookup skips that table when there are none).
-- expires_at NULL means it never expires; last_hit_at and hit_count are updated in batches by the
-- store, not on every read. sliding_ttl, when set, makes expiry count from the last hit: each recorded
-- hit moves expires_at to at least the hit's time plus sliding_ttl.
CREATE TABLE artifacts (
    id           uuid PRIMARY KEY,
    dataset_id   bigint NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    metadata     jsonb NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz,
    expires_at   timestamptz,
    last_hit_at  timestamptz,
    hit_count    bigint NOT NULL DEFAULT 0,
    total_size   bigint NOT NULL CHECK (total_size >= 0),
    checksum     bytea NOT NULL CHECK (octet_length(checksum) = 32),
    blob_count   integer NOT NULL DEFAULT 0,
    sliding_ttl  interval,
    CONSTRAINT artifacts_dataset_id_key UNIQUE (dataset_id, id)
);
COMMENT ON TABLE artifacts IS 'Artifacts: stored results with metadata, expiry, hit tracking, size and checksum.';
-- Keyset pagination of a dataset's artifacts in creation order.
CREATE INDEX artifacts_dataset_created ON artifacts (dataset_id, created_at, id);
-- Finding expired artifacts without scanning live ones.
CREATE INDEX artifacts_expires_at ON artifacts (expires_at) WHERE expires_at IS NOT NULL;
-- Listing artifacts by metadata (ARTIFACT.LIST … META k v is metadata @> '{"k":"v"}').
CREATE INDEX artifacts_metadata ON artifacts USING gin (metadata jsonb_path_ops);

-- The named data items of an artifact: either inline bytes or a reference to a blob object.
CREATE TABLE artifact_data (
    artifact_id  uuid NOT NULL REFERENCES artifacts (id) ON DELETE CASCADE,
    name         text NOT NULL,
    value        bytea,
    blob_uri     text,
    blob_size    bigint,
    blob_sha256  bytea,
    PRIMARY KEY (artifact_id, name),
    CONSTRAINT artifact_data_inline_or_blob CHECK (
        (value IS NOT NULL AND blob_uri IS NULL AND blob_size IS NULL AND blob_sha256 IS NULL)
        OR (value IS NULL AND blob_uri IS NOT NULL AND blob_size >= 0 AND octet_length(blob_sha256) = 32))
);
COMMENT ON TABLE artifact_data IS 'Data items: inline value bytes, or a blob reference (uri, size, sha256).';

-- Every blob object an artifact references (its item blobs and blobs declared by the writer), so
-- that purge and garbage collection know what to delete without reading values.
CREATE TABLE artifact_blobs (
    artifact_id  uuid NOT NULL REFERENCES artifacts (id) ON DELETE CASCADE,
    uri          text NOT NULL,
    size         bigint NOT NULL CHECK (size >= 0),
    sha256       bytea NOT NULL CHECK (octet_length(sha256) = 32),
    PRIMARY KEY (artifact_id, uri)
);
COMMENT ON TABLE artifact_blobs IS 'Blob objects referenced by each artifact.';
-- Is this digest still referenced by a live row? (blob garbage collection)
CREATE INDEX artifact_blobs_sha256 ON artifact_blobs (sha256);

-- Tags: a name within a dataset pointing at one artifact of that dataset. The cache key.
CREATE TABLE tags (
    dataset_id   bigint NOT NULL,
    name         text NOT NULL,
    artifact_id  uuid NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dataset_id, name),
    CONSTRAINT tags_artifact_fkey FOREIGN KEY (dataset_id, artifact_id)
        REFERENCES artifacts (dataset_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE tags IS 'Tags: (dataset, name) -> artifact, unique per dataset.';
CREATE INDEX tags_artifact_id ON tags (artifact_id);

-- The digest of each input an artifact was computed from (engine puts, CACHE.PUT … INPUT), beside the
-- tag, which is the digest of the whole input map; preview is a short text of an inline value. The
-- index finds, per dataset and input, the most recent artifacts that had this value: CACHE.EXPLAIN's
-- nearest earlier result is a few bounded probes of it, not a scan.
CREATE TABLE artifact_inputs (
    artifact_id  uuid NOT NULL,
    dataset_id   bigint NOT NULL,
    name         text NOT NULL,
    digest       bytea NOT NULL CHECK (octet_length(digest) = 32),
    preview      text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (artifact_id, name)
);
COMMENT ON TABLE artifact_inputs IS 'Input digests of artifacts: (artifact, input name) -> SHA-256 of the value, preview.';
CREATE INDEX artifact_inputs_by_value ON artifact_inputs (dataset_id, name, digest, created_at DESC, artifact_id);
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

-- Partition values of an artifact (keys are the dataset's partition keys).
CREATE TABLE partitions (
    artifact_id  uuid NOT NULL REFERENCES artifacts (id) ON DELETE CASCADE,
    key          text NOT NULL,
    value        text NOT NULL,
    PRIMARY KEY (artifact_id, key)
);
COMMENT ON TABLE partitions IS 'Partitions: (artifact, key) -> value.';
CREATE INDEX partitions_key_value ON partitions (key, value, artifact_id);

-- Reservations: who is computing (dataset, tag) right now, until when, with which fencing token.
-- Tokens come from one sequence, so they only grow, across reservations and releases.
CREATE SEQUENCE cairn_fencing_tokens AS bigint;
CREATE TABLE reservations (
    dataset_id     bigint NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    tag            text NOT NULL,
    owner          text NOT NULL,
    expires_at     timestamptz NOT NULL,
    fencing_token  bigint NOT NULL,
    acquired_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dataset_id, tag)
);
COMMENT ON TABLE reservations IS 'Reservations: (dataset, tag) -> owner, lease expiry and fencing token.';

-- The id of a dataset, creating it (empty metadata, no partition keys) if missing.
-- Each statement takes a fresh snapshot, so a concurrent creator's row is found on the second look.
CREATE FUNCTION cairn_dataset_id(p_project text, p_domain text, p_name text, p_version text)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    SELECT id INTO v_id FROM datasets
     WHERE project = p_project AND domain = p_domain AND name = p_name AND version = p_version;
    IF FOUND THEN RETURN v_id; END IF;
    INSERT INTO datasets (project, domain, name, version) VALUES (p_project, p_domain, p_name, p_version)
    ON CONFLICT ON CONSTRAINT datasets_key DO NOTHING
    RETURNING id INTO v_id;
    IF FOUND THEN RETURN v_id; END IF;
    SELECT id INTO STRICT v_id FROM datasets
     WHERE project = p_project AND domain = p_domain AND name = p_name AND version = p_version;
    RETURN v_id;
END $$;

-- Creates a dataset, or finds the existing one with that key. The caller compares metadata and
-- partition keys to tell an idempotent repeat from a conflict.
CREATE FUNCTION cairn_create_dataset(p_project text, p_domain text, p_name text, p_version text,
                                     p_metadata jsonb, p_partition_keys text[])
RETURNS TABLE (created boolean, metadata jsonb, partition_keys text[], created_at timestamptz)
LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY
    INSERT INTO datasets AS d (project, domain, name, version, metadata, partition_keys)
    VALUES (p_project, p_domain, p_name, p_version, p_metadata, p_partition_keys)
    ON CONFLICT ON CONSTRAINT datasets_key DO NOTHING
    RETURNING true, d.metadata, d.partition_keys, d.created_at;
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY
    SELECT false, d.metadata, d.partition_keys, d.created_at FROM datasets d
     WHERE d.project = p_project AND d.domain = p_domain AND d.name = p_name AND d.version = p_version;
END $$;

-- Deletes an artifact with its data, blob references, tags and partitions. True if it existed.
-- Its blob references go to the deletion queue (trigger) and the servers are told (notification).
CREATE FUNCTION cairn_delete_artifact(p_artifact uuid)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM artifacts WHERE id = p_artifact;
    IF NOT FOUND THEN RETURN false; END IF;
    PERFORM cairn_notify_artifacts(ARRAY[p_artifact]);
    RETURN true;
END $$;

-- Writes the data items and blob references of a new or overwritten artifact.
CREATE FUNCTION cairn_write_artifact_content(
    p_artifact uuid, p_item_names text[], p_item_values bytea[], p_item_blob_uris text[],
    p_item_blob_sizes bigint[], p_item_blob_sha256 bytea[],
    p_blob_uris text[], p_blob_sizes bigint[], p_blob_sha256 bytea[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO artifact_data (artifact_id, name, value, blob_uri, blob_size, blob_sha256)
    SELECT p_artifact, i.name, i.value, i.uri, i.size, i.sha256
      FROM unnest(p_item_names, p_item_values, p_item_blob_uris, p_item_blob_sizes, p_item_blob_sha256)
           AS i (name, value, uri, size, sha256);
    INSERT INTO artifact_blobs (artifact_id, uri, size, sha256)
    SELECT p_artifact, b.uri, b.size, b.sha256
      FROM unnest(p_blob_uris, p_blob_sizes, p_blob_sha256) AS b (uri, size, sha256);
END $$;

-- The cache write, for a batch of puts at once (the store groups concurrent puts into one call, so
-- they share one statement and one commit; a single put is a batch of one). Puts are parallel
-- arrays indexed 1..n; data items and declared blobs are flattened, each naming its put. For each
-- put it returns one row with its ordinal and outcome:
--   created  the dataset was created if needed, then the artifact, its content and the tag;
--   exists   the tag already points at a live artifact (returned); nothing written;
--   updated  p_overwrite: the tagged artifact's content was replaced in place (same id);
--   fenced   p_fence is not the token of the tag's current reservation (returned); nothing written.
-- An expired artifact under the tag is deleted and replaced. Concurrent puts of one tag: the
-- loser's tag insert waits for the winner's commit, finds the conflict, and the loser's artifact is
-- deleted in the same transaction, so exactly one artifact remains and every caller learns its id.
-- Callers sort puts by (dataset, tag) so that concurrent batches take row locks in the same order.
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

-- The put of servers from before version 6 (no sliding TTLs), kept so that during a rolling upgrade
-- those servers go on writing through the migrated schema; their puts are not sliding.
CREATE FUNCTION cairn_put_many(
    p_project text[], p_domain text[], p_name text[], p_version text[], p_tag text[], p_artifact uuid[],
    p_expires_at timestamptz[], p_metadata jsonb[], p_total_size bigint[], p_checksum bytea[],
    p_fence bigint[], p_overwrite boolean[],
    p_item_put integer[], p_item_name text[], p_item_value bytea[], p_item_blob_uri text[],
    p_item_blob_size bigint[], p_item_blob_sha256 bytea[],
    p_blob_put integer[], p_blob_uri text[], p_blob_size bigint[], p_blob_sha256 bytea[])
RETURNS TABLE (ordinal integer, outcome text, artifact_id uuid, fencing_token bigint)
LANGUAGE sql AS $$
    SELECT * FROM cairn_put_many(p_project, p_domain, p_name, p_version, p_tag, p_artifact, p_expires_at,
        p_metadata, p_total_size, p_checksum, p_fence, p_overwrite, p_item_put, p_item_name, p_item_value,
        p_item_blob_uri, p_item_blob_size, p_item_blob_sha256, p_blob_put, p_blob_uri, p_blob_size, p_blob_sha256,
        NULL::interval[])
$$;

-- Catalog create: an artifact in an existing dataset with content, partitions and tags, atomically.
-- Partition keys must be exactly the dataset's. A tag that exists already fails the whole create.
CREATE FUNCTION cairn_create_artifact(
    p_project text, p_domain text, p_name text, p_version text, p_artifact uuid,
    p_expires_at timestamptz, p_metadata jsonb,
    p_item_names text[], p_item_values bytea[], p_item_blob_uris text[], p_item_blob_sizes bigint[],
    p_item_blob_sha256 bytea[], p_blob_uris text[], p_blob_sizes bigint[], p_blob_sha256 bytea[],
    p_total_size bigint, p_checksum bytea, p_partition_keys text[], p_partition_values text[],
    p_tags text[])
RETURNS timestamptz LANGUAGE plpgsql AS $$
DECLARE
    v_dataset bigint;
    v_keys text[];
    v_taken text;
    v_created timestamptz;
BEGIN
    SELECT id, partition_keys INTO v_dataset, v_keys FROM datasets
     WHERE project = p_project AND domain = p_domain AND name = p_name AND version = p_version;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'dataset %/%/%/% does not exist', p_project, p_domain, p_name, p_version
            USING ERRCODE = 'CA404';
    END IF;
    IF NOT (v_keys @> p_partition_keys AND p_partition_keys @> v_keys) THEN
        RAISE EXCEPTION 'partitions: keys {%} do not match the dataset''s partition keys {%}',
            array_to_string(p_partition_keys, ','), array_to_string(v_keys, ',') USING ERRCODE = 'CA400';
    END IF;
    IF EXISTS (SELECT 1 FROM artifacts WHERE id = p_artifact) THEN
        RAISE EXCEPTION 'artifact % exists already', p_artifact USING ERRCODE = 'CA409';
    END IF;
    INSERT INTO artifacts (id, dataset_id, metadata, expires_at, total_size, checksum, blob_count)
    VALUES (p_artifact, v_dataset, p_metadata, p_expires_at, p_total_size, p_checksum, cardinality(p_blob_uris))
    RETURNING created_at INTO v_created;
    PERFORM cairn_write_artifact_content(p_artifact, p_item_names, p_item_values, p_item_blob_uris,
        p_item_blob_sizes, p_item_blob_sha256, p_blob_uris, p_blob_sizes, p_blob_sha256);
    INSERT INTO partitions (artifact_id, key, value)
    SELECT p_artifact, k, v FROM unnest(p_partition_keys, p_partition_values) AS p (k, v);
    SELECT t.name INTO v_taken FROM tags t WHERE t.dataset_id = v_dataset AND t.name = ANY (p_tags) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'tag % exists already in dataset %/%/%/%', v_taken, p_project, p_domain, p_name, p_version
            USING ERRCODE = 'CA409';
    END IF;
    INSERT INTO tags (dataset_id, name, artifact_id) SELECT v_dataset, t, p_artifact FROM unnest(p_tags) AS t;
    RETURN v_created;
END $$;

-- Overwrite in place: replaces the data, blob references and metadata of an artifact, keeps its
-- id, tags and partitions, and records the update time. Returns the artifact id, or NULL.
CREATE FUNCTION cairn_update_artifact(
    p_artifact uuid, p_expires_at timestamptz, p_keep_expiry boolean, p_metadata jsonb,
    p_item_names text[], p_item_values bytea[], p_item_blob_uris text[], p_item_blob_sizes bigint[],
    p_item_blob_sha256 bytea[], p_blob_uris text[], p_blob_sizes bigint[], p_blob_sha256 bytea[],
    p_total_size bigint, p_checksum bytea)
RETURNS uuid LANGUAGE plpgsql AS $$
BEGIN
    UPDATE artifacts SET metadata = p_metadata, updated_at = now(), total_size = p_total_size,
           checksum = p_checksum, blob_count = cardinality(p_blob_uris),
           expires_at = CASE WHEN p_keep_expiry THEN expires_at ELSE p_expires_at END,
           sliding_ttl = CASE WHEN p_keep_expiry THEN sliding_ttl END
     WHERE id = p_artifact;
    IF NOT FOUND THEN RETURN NULL; END IF;
    PERFORM cairn_notify_artifacts(ARRAY[p_artifact]);
    DELETE FROM artifact_data WHERE artifact_id = p_artifact;
    DELETE FROM artifact_blobs WHERE artifact_id = p_artifact;
    PERFORM cairn_write_artifact_content(p_artifact, p_item_names, p_item_values, p_item_blob_uris,
        p_item_blob_sizes, p_item_blob_sha256, p_blob_uris, p_blob_sizes, p_blob_sha256);
    RETURN p_artifact;
END $$;

-- Points a tag at an artifact of the same dataset. Outcomes: created, unchanged, kept (the tag
-- points elsewhere and p_overwrite is false: the other artifact is returned), moved (re-pointed;
-- the previous artifact is returned).
CREATE FUNCTION cairn_add_tag(p_project text, p_domain text, p_name text, p_version text, p_tag text,
                              p_artifact uuid, p_overwrite boolean)
RETURNS TABLE (outcome text, other uuid) LANGUAGE plpgsql AS $$
DECLARE
    v_dataset bigint;
    v_artifact_dataset bigint;
    v_current uuid;
BEGIN
    SELECT id INTO v_dataset FROM datasets
     WHERE project = p_project AND domain = p_domain AND name = p_name AND version = p_version;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'dataset %/%/%/% does not exist', p_project, p_domain, p_name, p_version
            USING ERRCODE = 'CA404';
    END IF;
    SELECT dataset_id INTO v_artifact_dataset FROM artifacts WHERE id = p_artifact;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'artifact % does not exist', p_artifact USING ERRCODE = 'CA404';
    END IF;
    IF v_artifact_dataset <> v_dataset THEN
        RAISE EXCEPTION 'artifact % belongs to another dataset', p_artifact USING ERRCODE = 'CA400';
    END IF;
    INSERT INTO tags (dataset_id, name, artifact_id) VALUES (v_dataset, p_tag, p_artifact)
    ON CONFLICT (dataset_id, name) DO NOTHING;
    IF FOUND THEN
        RETURN QUERY SELECT 'created'::text, NULL::uuid;
        RETURN;
    END IF;
    SELECT t.artifact_id INTO STRICT v_current FROM tags t
     WHERE t.dataset_id = v_dataset AND t.name = p_tag FOR UPDATE;
    IF v_current = p_artifact THEN
        RETURN QUERY SELECT 'unchanged'::text, NULL::uuid;
    ELSIF p_overwrite THEN
        UPDATE tags SET artifact_id = p_artifact, created_at = now()
         WHERE dataset_id = v_dataset AND name = p_tag;
        PERFORM cairn_notify_artifacts(ARRAY[v_current]);
        RETURN QUERY SELECT 'moved'::text, v_current;
    ELSE
        RETURN QUERY SELECT 'kept'::text, v_current;
    END IF;
END $$;

-- Get-or-extend a lease on a tag, whatever the tag points at. Outcomes: acquired (the caller holds
-- the lease: new, taken over after expiry with a new fencing token, or extended with its token kept),
-- held (someone else holds an unexpired lease, returned).
CREATE FUNCTION cairn_lease(p_project text, p_domain text, p_name text, p_version text, p_tag text,
                            p_owner text, p_lease interval)
RETURNS TABLE (outcome text, owner text, expires_at timestamptz, fencing_token bigint, artifact_id uuid)
LANGUAGE plpgsql AS $$
DECLARE
    v_dataset bigint := cairn_dataset_id(p_project, p_domain, p_name, p_version);
BEGIN
    RETURN QUERY
    INSERT INTO reservations AS r (dataset_id, tag, owner, expires_at, fencing_token)
    VALUES (v_dataset, p_tag, p_owner, now() + p_lease, nextval('cairn_fencing_tokens'))
    ON CONFLICT (dataset_id, tag) DO UPDATE
       SET owner = EXCLUDED.owner,
           expires_at = EXCLUDED.expires_at,
           fencing_token = CASE WHEN r.owner = EXCLUDED.owner THEN r.fencing_token ELSE EXCLUDED.fencing_token END,
           acquired_at = CASE WHEN r.owner = EXCLUDED.owner THEN r.acquired_at ELSE now() END
     WHERE r.owner = EXCLUDED.owner OR r.expires_at <= now()
    RETURNING 'acquired'::text, r.owner, r.expires_at, r.fencing_token, NULL::uuid;
    IF FOUND THEN RETURN; END IF;
    RETURN QUERY
    SELECT 'held'::text, r.owner, r.expires_at, r.fencing_token, NULL::uuid FROM reservations r
     WHERE r.dataset_id = v_dataset AND r.tag = p_tag;
END $$;

-- Get-or-extend a reservation for the cache path: cached (the tag has a live artifact, returned),
-- else what cairn_lease answers.
CREATE FUNCTION cairn_reserve(p_project text, p_domain text, p_name text, p_version text, p_tag text,
                                         p_owner text, p_lease interval)
RETURNS TABLE (outcome text, owner text, expires_at timestamptz, fencing_token bigint, artifact_id uuid)
LANGUAGE plpgsql AS $$
DECLARE
    v_artifact uuid;
BEGIN
    SELECT t.artifact_id INTO v_artifact
      FROM datasets ds JOIN tags t ON t.dataset_id = ds.id JOIN artifacts a ON a.id = t.artifact_id
     WHERE ds.project = p_project AND ds.domain = p_domain AND ds.name = p_name AND ds.version = p_version
       AND t.name = p_tag AND (a.expires_at IS NULL OR a.expires_at > now());
    IF FOUND THEN
        RETURN QUERY SELECT 'cached'::text, NULL::text, NULL::timestamptz, NULL::bigint, v_artifact;
        RETURN;
    END IF;
    RETURN QUERY SELECT * FROM cairn_lease(p_project, p_domain, p_name, p_version, p_tag, p_owner, p_lease);
END $$;

-- An engine execution. definition (written once) and state (rewritten as nodes move) are the
-- engine's own zlib-compressed binary encodings; the other columns are for listing and locking.
CREATE TABLE executions (
    id          uuid PRIMARY KEY,
    workflow    text NOT NULL,
    project     text NOT NULL,
    domain      text NOT NULL,
    status      text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
    node_count  integer NOT NULL DEFAULT 0,
    definition  bytea NOT NULL,
    state       bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE executions IS 'Engine executions: compressed definition and state, for cairn run --resume.';
CREATE INDEX executions_by_update ON executions (updated_at);

-- Blob objects that lost a reference: queued by a trigger in the transaction that deleted the
-- reference, removed by the blob collector once the object is gone (or referenced again, or not in
-- the collector's store). A crash leaves the entry queued, never a live row without its object.
CREATE TABLE blob_deletions (
    sha256     bytea NOT NULL CHECK (octet_length(sha256) = 32),
    uri        text NOT NULL,
    size       bigint NOT NULL,
    queued_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sha256, uri)
);
COMMENT ON TABLE blob_deletions IS 'Blob deletion queue: references deleted, objects not collected yet.';

CREATE FUNCTION cairn_queue_blob_deletion()
RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO blob_deletions (sha256, uri, size) VALUES (OLD.sha256, OLD.uri, OLD.size)
    ON CONFLICT (sha256, uri) DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER artifact_blobs_queue_deletion AFTER DELETE ON artifact_blobs
    FOR EACH ROW EXECUTE FUNCTION cairn_queue_blob_deletion();

-- Tells every server listening on cairn_artifacts that these artifacts changed or went, so their hot
-- caches drop them. Delivered on commit; up to 200 ids per payload (PostgreSQL's limit is 8,000 bytes).
CREATE FUNCTION cairn_notify_artifacts(p_ids uuid[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    i integer := 1;
BEGIN
    WHILE i <= coalesce(cardinality(p_ids), 0) LOOP
        PERFORM pg_notify('cairn_artifacts', array_to_string(p_ids[i:i + 199], ','));
        i := i + 200;
    END LOOP;
END $$;

-- Purge: deletes a batch of artifacts in one transaction (data, blob references, tags and
-- partitions cascade; blob references are queued), and notifies the servers. Returns how many went
-- and their total size. The batch's removals are recorded in one statement (cause: the transaction's
-- cairn.removal_cause, purge when unset), then the delete runs with the per-row trigger standing aside.
CREATE FUNCTION cairn_purge_artifacts(p_ids uuid[])
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
INSERT INTO catalog_size (bytes, artifacts) VALUES (0, 0);

INSERT INTO cairn_schema_version (version, name) VALUES (1, 'initial');
INSERT INTO cairn_schema_version (version, name) VALUES (2, 'executions');
INSERT INTO cairn_schema_version (version, name) VALUES (3, 'purge');
INSERT INTO cairn_schema_version (version, name) VALUES (4, 'leases');
INSERT INTO cairn_schema_version (version, name) VALUES (5, 'metadata_indexes');
INSERT INTO cairn_schema_version (version, name) VALUES (6, 'sliding_expiry');
INSERT INTO cairn_schema_version (version, name) VALUES (7, 'lineage');
INSERT INTO cairn_schema_version (version, name) VALUES (8, 'catalog_size');
INSERT INTO cairn_schema_version (version, name) VALUES (9, 'put_path');
