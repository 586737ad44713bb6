import CairnCore
import Logging

/// Applies the migrations a database is missing, idempotently: each in its own transaction,
/// serialised across processes by an advisory lock, skipped if already recorded.
public enum Migrator {
    /// The schema version this build expects.
    public static var latestVersion: Int { Migration.all.last?.version ?? 0 }

    /// Arbitrary, fixed: the advisory lock key all migrators take.
    static let lockKey: Int64 = 0x6361_6972_6E00  // "cairn"

    /// What ``migrate(databaseURL:connectTimeout:logger:)`` did.
    public struct Report: Sendable, Equatable {
        /// The version before.
        public var from: Int
        /// The version after.
        public var to: Int
        /// Versions applied by this call.
        public var applied: [Int]
    }

    /// Brings the database at `databaseURL` to ``latestVersion``.
    /// Blocking: call it from a thread that may block (it runs before the store starts).
    public static func migrate(databaseURL: String, connectTimeout: Int = 5, logger: Logger) throws -> Report {
        let connection = try PGConnection(connectionString: databaseURL, connectTimeout: connectTimeout)
        try connection.execute("SET client_min_messages = warning")
        var key = PGBind()
        key.append(lockKey)
        // A session lock, taken before the version is read: the reads below run in transactions
        // that start after a concurrent migrator committed, so they see its tables.
        try connection.execute("SELECT pg_advisory_lock($1::bigint)", key)
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock($1::bigint)", key) }
        let before = try currentVersion(connection)
        if before > latestVersion {
            throw CairnError(
                .schemaMismatch,
                "the database schema is at version \(before), newer than this build's "
                    + "\(latestVersion): upgrade cairn")
        }
        var applied: [Int] = []
        for migration in Migration.all where migration.version > before {
            try connection.execute("BEGIN")
            do {
                try connection.execute(migration.sql)
                var record = PGBind()
                record.append(Int64(migration.version))
                record.append(migration.name)
                try connection.execute(
                    "INSERT INTO cairn_schema_version (version, name) VALUES ($1::bigint, $2::text)", record)
                try connection.execute("COMMIT")
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
            applied.append(migration.version)
            logger.info(
                "applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
        }
        return Report(from: before, to: try currentVersion(connection), applied: applied)
    }

    /// The highest applied version of the database at `databaseURL`, 0 for an empty one. Blocking.
    public static func currentVersion(databaseURL: String, connectTimeout: Int = 5) throws -> Int {
        try currentVersion(PGConnection(connectionString: databaseURL, connectTimeout: connectTimeout))
    }

    /// The highest applied version, 0 for an empty database.
    static func currentVersion(_ connection: PGConnection) throws -> Int {
        let exists = try connection.execute("SELECT to_regclass('cairn_schema_version') IS NOT NULL", PGBind())
        guard exists.bool(0, 0) else { return 0 }
        let result = try connection.execute(
            "SELECT coalesce(max(version), 0)::bigint FROM cairn_schema_version", PGBind())
        return Int(result.int64(0, 0))
    }
}
