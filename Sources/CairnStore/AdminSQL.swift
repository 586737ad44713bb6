import CairnCore

/// Plain SQL on a connection of its own, for tools inside this package (benchmarks, tests) that
/// need to set up tables the store does not own. Blocking.
package enum AdminSQL {
    /// Runs `sql` (one or more statements, as one transaction) and returns the first column of the
    /// first row of the last statement, as text.
    @discardableResult
    package static func execute(databaseURL: String, _ sql: String) throws -> String? {
        try execute(databaseURL: databaseURL, [sql])
    }

    /// Runs each entry of `batches` as its own transaction on one connection (VACUUM needs that);
    /// returns the first column of the first row of the last one, as text.
    @discardableResult
    package static func execute(databaseURL: String, _ batches: [String]) throws -> String? {
        // Named apart from the store's connections: tests count those by `application_name`, and a
        // connection of ours still exiting after its close would be counted with them.
        let connection = try PGConnection(
            connectionString: databaseURL, connectTimeout: 10, parameters: ["application_name": "cairn-admin-sql"])
        var last: PGResult?
        for sql in batches { last = try connection.execute(sql) }
        guard let result = last, result.rowCount > 0, result.columnCount > 0, !result.isNull(0, 0) else { return nil }
        return result.string(0, 0)
    }
}
