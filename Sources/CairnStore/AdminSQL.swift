import CairnCore

/// Plain SQL on a connection of its own, for tools inside this package (benchmarks, tests) that
/// need to set up tables the store does not own. Blocking.
package enum AdminSQL {
    /// Runs `sql` (one or more statements) and returns the first column of the first row as text.
    @discardableResult
    package static func execute(databaseURL: String, _ sql: String) throws -> String? {
        let connection = try PGConnection(connectionString: databaseURL, connectTimeout: 10)
        let result = try connection.execute(sql)
        guard result.rowCount > 0, result.columnCount > 0, !result.isNull(0, 0) else { return nil }
        return result.string(0, 0)
    }
}
