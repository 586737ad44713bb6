extension Migration {
    /// Version 2: engine executions, so a killed engine can resume one.
    static let executions = Migration(
        version: 2,
        name: "executions",
        sql: #"""
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
            """#)
}
