import CairnCore
import CairnTestSupport
import Logging
import Testing

@testable import CairnStore

/// `cairn_put_many` and the rows it writes, straight in SQL: datasets created only when missing, a tag
/// lost inside one batch, and input digests that leave with their artifact however it goes (version 9
/// replaced `artifact_inputs`' foreign key with a statement trigger).
@Suite struct PutFunctionTests {
    let logger = Logger(label: "test")

    /// One put of `tag` in dataset p/d/`name`/v with an inline item and two input digests; the outcome.
    static func put(_ url: String, name: String = "n", tag: String, overwrite: Bool = false) async throws -> String? {
        try await TestDatabase.scalar(
            url,
            """
            SELECT string_agg(outcome, ',' ORDER BY ordinal) FROM cairn_put_many(ARRAY['p'], ARRAY['d'], ARRAY['\(name)'],
                ARRAY['v'], ARRAY['\(tag)'], ARRAY[gen_random_uuid()], ARRAY[NULL]::timestamptz[], ARRAY['{}']::jsonb[],
                ARRAY[1]::bigint[], ARRAY[sha256('x')], ARRAY[NULL]::bigint[], ARRAY[\(overwrite)],
                ARRAY[1], ARRAY['o'], ARRAY['\\x01']::bytea[], ARRAY[NULL]::text[], ARRAY[NULL]::bigint[],
                ARRAY[NULL]::bytea[], '{}'::integer[], '{}'::text[], '{}'::bigint[], '{}'::bytea[],
                ARRAY[NULL]::interval[], ARRAY[1, 1], ARRAY['a', 'b'], ARRAY[sha256('a'), sha256('\(tag)')],
                ARRAY['1', NULL])
            """)
    }

    static func inputs(_ url: String, tag: String) async throws -> Int {
        try await TestDatabase.count(
            url,
            """
            SELECT count(*) FROM artifact_inputs i WHERE i.digest = sha256('\(tag)')
                OR i.artifact_id IN (SELECT t.artifact_id FROM tags t WHERE t.name = '\(tag)')
            """)
    }

    @Test func inputsLeaveWithTheirArtifactHoweverItIsDeleted() async throws {
        try await TestDatabase.withEmptyDatabase { url in
            _ = try await Blocking.run { [logger] in try Migrator.migrate(databaseURL: url, logger: logger) }
            for tag in ["deleted", "purged", "kept", "truncated"] {
                #expect(try await Self.put(url, tag: tag) == "created")
                #expect(try await Self.inputs(url, tag: tag) == 2)
            }
            _ = try await TestDatabase.scalar(
                url, "SELECT cairn_delete_artifact(artifact_id, 'delete') FROM tags WHERE name = 'deleted'")
            #expect(try await Self.inputs(url, tag: "deleted") == 0)
            _ = try await TestDatabase.scalar(
                url,
                "SELECT deleted FROM cairn_purge_artifacts(ARRAY(SELECT artifact_id FROM tags WHERE name = 'purged'))")
            #expect(try await Self.inputs(url, tag: "purged") == 0)
            #expect(try await Self.inputs(url, tag: "kept") == 2)

            // An overwrite keeps exactly the new put's inputs.
            #expect(try await Self.put(url, tag: "kept", overwrite: true) == "updated")
            #expect(try await Self.inputs(url, tag: "kept") == 2)

            _ = try await TestDatabase.scalar(url, "TRUNCATE artifacts CASCADE")
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifact_inputs") == 0)
        }
    }

    @Test func aBatchCreatesMissingDatasetsOnceAndLosesADuplicateTagWithoutLeavingItsInputs() async throws {
        try await TestDatabase.withEmptyDatabase { url in
            _ = try await Blocking.run { [logger] in try Migrator.migrate(databaseURL: url, logger: logger) }
            #expect(try await Self.put(url, name: "old", tag: "first") == "created")
            // Three puts: one into the existing dataset, two of the same tag into a new one.
            let outcomes = try await TestDatabase.scalar(
                url,
                """
                SELECT string_agg(outcome, ',' ORDER BY ordinal) FROM cairn_put_many(ARRAY['p', 'p', 'p'],
                    ARRAY['d', 'd', 'd'], ARRAY['old', 'new', 'new'], ARRAY['v', 'v', 'v'], ARRAY['second', 't', 't'],
                    ARRAY[gen_random_uuid(), gen_random_uuid(), gen_random_uuid()], ARRAY[NULL, NULL, NULL]::timestamptz[],
                    ARRAY['{}', '{}', '{}']::jsonb[], ARRAY[1, 1, 1]::bigint[], ARRAY[sha256('x'), sha256('x'), sha256('x')],
                    ARRAY[NULL, NULL, NULL]::bigint[], ARRAY[false, false, false], ARRAY[1, 2, 3], ARRAY['o', 'o', 'o'],
                    ARRAY['\\x01', '\\x02', '\\x03']::bytea[], ARRAY[NULL, NULL, NULL]::text[],
                    ARRAY[NULL, NULL, NULL]::bigint[], ARRAY[NULL, NULL, NULL]::bytea[], '{}'::integer[], '{}'::text[],
                    '{}'::bigint[], '{}'::bytea[], ARRAY[NULL, NULL, NULL]::interval[], ARRAY[1, 2, 3],
                    ARRAY['a', 'a', 'a'], ARRAY[sha256('1'), sha256('2'), sha256('3')], ARRAY[NULL, NULL, NULL]::text[])
                """)
            #expect(outcomes == "created,created,exists")
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM datasets") == 2)
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifacts") == 3)
            // Every input row belongs to an artifact that exists: the loser's went with it.
            #expect(
                try await TestDatabase.count(
                    url,
                    "SELECT count(*) FROM artifact_inputs i WHERE NOT EXISTS (SELECT 1 FROM artifacts a WHERE a.id = i.artifact_id)"
                ) == 0)
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifact_inputs") == 2 + 1 + 1)
        }
    }
}
