import CairnCore
import Foundation

/// A PostgreSQL connection of its own for maintenance (purge, blob collection, fsck, stats), apart
/// from the pool that serves lookups. Calls block: make and use it on one thread of its own (see
/// ``Blocking``), never on an event loop or the cooperative pool. Not `Sendable`.
public final class MaintenanceConnection {
    let connection: PGConnection

    /// Connects to `databaseURL` (libpq string or URL).
    /// - Throws: ``CairnError/Code/unavailable``.
    public init(databaseURL: String, connectTimeout: Int = 10) throws {
        connection = try PGConnection(connectionString: databaseURL, connectTimeout: connectTimeout)
        // Maintenance queries are many small pages: a parallel worker per query costs more than it
        // saves, and would take cores from live traffic.
        try connection.execute("SET max_parallel_workers_per_gather = 0")
    }

    /// Whether the connection was lost (make a new one).
    public var isBroken: Bool { connection.isBroken }

    /// Runs one parameterised statement.
    @discardableResult
    func query(_ sql: String, _ bind: PGBind = PGBind()) throws -> PGResult {
        try connection.execute(sql, bind)
    }
}
