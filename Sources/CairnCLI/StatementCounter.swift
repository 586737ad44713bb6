import CairnCore
import CairnStore
import Foundation

/// PostgreSQL's own count of the work a Cairn server asks of it, read before and after a phase of
/// `cairn bench grpc`. With `pg_stat_statements` (which must be in `shared_preload_libraries`)
/// it counts statements, exactly and at once, and tells the hit recorder's batched writes apart;
/// without it, `pg_stat_database.xact_commit + xact_rollback` counts transactions (each of the
/// store's requests is one pipeline segment, so one transaction), which backends flush lazily:
/// a reading then waits until the counter has stood still for longer than PostgreSQL keeps an
/// idle backend's counts back (10 s).
struct StatementCounter: Sendable {
    enum Method: String, Codable, Sendable {
        case statements = "pg_stat_statements"
        case transactions = "pg_stat_database"
    }

    struct Reading: Sendable {
        /// Statements (or transactions) run on the catalog database so far.
        var total: Int
        /// Of which the hit recorder's `UPDATE artifacts … last_hit_at` (statements only).
        var hitRecording: Int?
        /// False when a transaction count did not stand still within the time allowed.
        var settled: Bool
        var at: ContinuousClock.Instant
    }

    /// The statement the store's hit recorder runs (`Statement.recordHits` in CairnStore).
    static let hitRecordingPrefix = "UPDATE artifacts a SET last_hit_at"
    /// How long a transaction count must stand still by default: PostgreSQL flushes an idle
    /// backend's counts at most 10 s after its last transaction (`PGSTAT_IDLE_INTERVAL`).
    static let defaultSettleTime = Duration.seconds(11)
    /// The longest a reading waits for the count to settle.
    static let settleLimit = Duration.seconds(90)

    let method: Method
    /// The catalog's database name, whose counts are read.
    let database: String
    /// Where readings connect: for transactions another database of the cluster, so the
    /// readings' own transactions are not counted.
    let readerURL: String
    /// How long a transaction count must stand still before it is read.
    var settleTime = Self.defaultSettleTime

    /// Finds the catalog database behind `databaseURL` and the best counter it offers.
    static func open(databaseURL: String) async throws -> StatementCounter {
        try await Blocking.run {
            guard let database = try AdminSQL.execute(databaseURL: databaseURL, "SELECT current_database()") else {
                throw CairnError(.internalError, "--database-url: current_database() returned nothing")
            }
            let other = database == "postgres" ? "template1" : "postgres"
            for url in [databaseURL, Self.url(databaseURL, database: other)] {
                let counter = StatementCounter(method: .statements, database: database, readerURL: url)
                if (try? counter.readNow()) != nil { return counter }
            }
            let counter = StatementCounter(
                method: .transactions, database: database, readerURL: Self.url(databaseURL, database: other))
            _ = try counter.readNow()
            return counter
        }
    }

    /// A reading of the counters; for transactions, once they have settled.
    func read() async throws -> Reading {
        switch method {
        case .statements:
            // The hit recorder writes twice a second: let the last batch of a phase land in it.
            try await Task.sleep(for: .seconds(1))
            return try await Blocking.run { try readNow() }
        case .transactions:
            let clock = ContinuousClock()
            let limit = clock.now + Self.settleLimit
            var last = try await Blocking.run { try readNow() }
            var stillSince = clock.now
            while clock.now < limit {
                try await Task.sleep(for: .milliseconds(500))
                let reading = try await Blocking.run { try readNow() }
                if reading.total != last.total {
                    (last, stillSince) = (reading, clock.now)
                } else if clock.now - stillSince >= settleTime {
                    return last
                }
            }
            last.settled = false
            return last
        }
    }

    /// The counters as they are now (blocking).
    func readNow() throws -> Reading {
        let name = "'" + database.replacingOccurrences(of: "'", with: "''") + "'"
        let sql =
            switch method {
            case .statements:
                """
                SELECT coalesce(sum(calls), 0)::text || ' ' ||
                       coalesce(sum(calls) FILTER (WHERE query LIKE '\(Self.hitRecordingPrefix)%'), 0)::text
                FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = \(name))
                  AND query NOT LIKE '%pg_stat_statements%' AND query NOT LIKE '%current_database()%'
                """
            case .transactions:
                "SELECT (xact_commit + xact_rollback)::text FROM pg_stat_database WHERE datname = \(name)"
            }
        let text = try AdminSQL.execute(databaseURL: readerURL, sql) ?? ""
        let numbers = text.split(separator: " ").compactMap { Int($0) }
        guard let total = numbers.first else {
            throw CairnError(.internalError, "\(method.rawValue) has no row for database \(database)")
        }
        return Reading(
            total: total, hitRecording: numbers.count > 1 ? numbers[1] : nil, settled: true, at: .now)
    }

    /// `url` with its database replaced: a later `dbname` wins in libpq's key/value strings and URIs.
    static func url(_ url: String, database: String) -> String {
        if url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") {
            return url + (url.contains("?") ? "&" : "?") + "dbname=" + database
        }
        return url + " dbname=" + database
    }
}
