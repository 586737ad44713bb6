extension Migration {
    /// Version 4: leases without the cache check. Flyte's datacatalog reservations are independent of
    /// the artifacts (flytepropeller looks in the cache before it asks), so `cairn_lease` takes or
    /// extends the lease whatever the tag points at; `cairn_reserve` keeps its cache check and now
    /// calls it for the rest.
    static let leases = Migration(
        version: 4,
        name: "leases",
        sql: #"""
            \#(leaseFunction)

            \#(reserveFunction)
            """#)

    /// `cairn_lease`, as `schema.sql` states it.
    static let leaseFunction = #"""
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
        """#

    /// `cairn_reserve` over `cairn_lease`, as `schema.sql` states it.
    static let reserveFunction = #"""
        CREATE OR REPLACE FUNCTION cairn_reserve(p_project text, p_domain text, p_name text, p_version text, p_tag text,
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
        """#
}
