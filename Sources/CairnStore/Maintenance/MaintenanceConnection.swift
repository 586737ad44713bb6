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
    }

    /// Whether the connection was lost (make a new one).
    public var isBroken: Bool { connection.isBroken }

    /// Runs one parameterised statement.
    @discardableResult
    func query(_ sql: String, _ bind: PGBind = PGBind()) throws -> PGResult {
        try connection.execute(sql, bind)
    }
}
