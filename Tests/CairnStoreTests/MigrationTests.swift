import CairnCore
import CairnTestSupport
import Foundation
import Logging
import Testing

@testable import CairnStore

@Suite struct MigrationTests {
    let logger = Logger(label: "test")

    static var schemaFile: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("schema.sql")
    }

    /// `pg_dump --schema-only`, minus the per-run `\restrict` keys.
    static func dumpSchema(_ url: String) async throws -> String {
        let bin = try PostgresInstallation.locate().binDirectory
        return try await Blocking.run {
            let output = try ProcessRunner.run(
                bin + "/pg_dump", ["--schema-only", "--no-owner", "--no-privileges", url])
            guard output.status == 0 else { throw CairnError(.internalError, "pg_dump failed: \(output.text)") }
            return output.text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("\\restrict") && !$0.hasPrefix("\\unrestrict") }
                .joined(separator: "\n")
        }
    }

    @Test func migrationsFromEmptyProduceExactlySchemaSQL() async throws {
        let schema = try String(contentsOf: Self.schemaFile, encoding: .utf8)
        try await TestDatabase.withEmptyDatabase { fromSchema in
            try await TestDatabase.withEmptyDatabase { fromMigrations in
                try await Blocking.run { try AdminSQL.execute(databaseURL: fromSchema, schema) }
                let report = try await Blocking.run { [logger] in
                    try Migrator.migrate(databaseURL: fromMigrations, logger: logger)
                }
                #expect(
                    report
                        == Migrator.Report(from: 0, to: Migrator.latestVersion, applied: Migration.all.map(\.version)))
                let expected = try await Self.dumpSchema(fromSchema)
                let actual = try await Self.dumpSchema(fromMigrations)
                #expect(expected.contains("CREATE TABLE public.artifacts"))
                #expect(actual == expected)
                let versions = try await TestDatabase.scalar(
                    fromSchema, "SELECT string_agg(version::text, ',' ORDER BY version) FROM cairn_schema_version")
                let migrated = try await TestDatabase.scalar(
                    fromMigrations, "SELECT string_agg(version::text, ',' ORDER BY version) FROM cairn_schema_version")
                #expect(versions == migrated)
            }
        }
    }

    @Test func migratingTwiceAppliesNothingTheSecondTime() async throws {
        try await TestDatabase.withEmptyDatabase { url in
            let first = try await Blocking.run { [logger] in try Migrator.migrate(databaseURL: url, logger: logger) }
            let second = try await Blocking.run { [logger] in try Migrator.migrate(databaseURL: url, logger: logger) }
            #expect(first.applied == Migration.all.map(\.version))
            #expect(second == Migrator.Report(from: Migrator.latestVersion, to: Migrator.latestVersion, applied: []))
        }
    }

    @Test func concurrentMigratorsApplyEachMigrationOnce() async throws {
        try await TestDatabase.withEmptyDatabase { url in
            let logger = self.logger
            let reports = try await withThrowingTaskGroup(of: Migrator.Report.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await Blocking.run { try Migrator.migrate(databaseURL: url, logger: logger) } }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(reports.allSatisfy { $0.to == Migrator.latestVersion })
            #expect(reports.flatMap(\.applied).sorted() == Migration.all.map(\.version))
            #expect(
                try await TestDatabase.count(url, "SELECT count(*) FROM cairn_schema_version") == Migration.all.count)
        }
    }

    @Test func storeRefusesAnUnmigratedDatabase() async throws {
        try await TestDatabase.withEmptyDatabase { url in
            let error = await expectCairnError(.schemaMismatch) {
                try await CairnStore.connect(configuration: .init(databaseURL: url))
            }
            #expect(error?.message.contains("cairn admin migrate") == true)
        }
    }

    @Test func aServerOfTheVersionBeforeSlidingExpiryStillPutsThroughTheMigratedSchema() async throws {
        // During a rolling upgrade, servers of the previous version call cairn_put_many with its
        // old 22 arguments; the migrated schema keeps that signature as a wrapper.
        try await TestDatabase.withEmptyDatabase { url in
            _ = try await Blocking.run { [logger] in try Migrator.migrate(databaseURL: url, logger: logger) }
            let outcome = try await TestDatabase.scalar(
                url,
                """
                SELECT outcome FROM cairn_put_many(ARRAY['p']::text[], ARRAY['d']::text[], ARRAY['n']::text[],
                    ARRAY['v']::text[], ARRAY['t']::text[], ARRAY[gen_random_uuid()], ARRAY[NULL]::timestamptz[],
                    ARRAY['{}']::jsonb[], ARRAY[1]::bigint[], ARRAY[sha256('x')], ARRAY[NULL]::bigint[],
                    ARRAY[false], ARRAY[1]::integer[], ARRAY['o']::text[], ARRAY['\\x01']::bytea[],
                    ARRAY[NULL]::text[], ARRAY[NULL]::bigint[], ARRAY[NULL]::bytea[], '{}'::integer[], '{}'::text[],
                    '{}'::bigint[], '{}'::bytea[])
                """)
            #expect(outcome == "created")
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifacts WHERE sliding_ttl IS NULL") == 1)
        }
    }

    @Test func aServerOfTheVersionBeforeInputDigestsStillPutsThroughTheMigratedSchema() async throws {
        // Servers of version 6 call cairn_put_many with its 23 arguments (sliding TTLs, no input
        // digests); the migrated schema keeps that signature as a wrapper, and their artifacts record no inputs.
        try await TestDatabase.withEmptyDatabase { url in
            _ = try await Blocking.run { [logger] in try Migrator.migrate(databaseURL: url, logger: logger) }
            let outcome = try await TestDatabase.scalar(
                url,
                """
                SELECT outcome FROM cairn_put_many(ARRAY['p']::text[], ARRAY['d']::text[], ARRAY['n']::text[],
                    ARRAY['v']::text[], ARRAY['t']::text[], ARRAY[gen_random_uuid()], ARRAY[now() + interval '1 hour'],
                    ARRAY['{}']::jsonb[], ARRAY[1]::bigint[], ARRAY[sha256('x')], ARRAY[NULL]::bigint[],
                    ARRAY[false], ARRAY[1]::integer[], ARRAY['o']::text[], ARRAY['\\x01']::bytea[],
                    ARRAY[NULL]::text[], ARRAY[NULL]::bigint[], ARRAY[NULL]::bytea[], '{}'::integer[], '{}'::text[],
                    '{}'::bigint[], '{}'::bytea[], ARRAY[interval '1 hour'])
                """)
            #expect(outcome == "created")
            #expect(
                try await TestDatabase.count(url, "SELECT count(*) FROM artifacts WHERE sliding_ttl IS NOT NULL") == 1)
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifact_inputs") == 0)
        }
    }
}
