/// One statement to send: a prepared statement by name, or SQL built for this request.
struct PGQuery: Sendable {
    enum Text: Sendable {
        case prepared(Statement)
        case sql(String)
    }

    var text: Text
    var bind: PGBind
    /// Whether running it changes nothing, so that it may be sent again after its connection was
    /// lost with the outcome unknown.
    var readOnly: Bool

    static func prepared(_ statement: Statement, _ bind: PGBind = PGBind()) -> PGQuery {
        PGQuery(text: .prepared(statement), bind: bind, readOnly: statement.isReadOnly)
    }

    /// - Parameter readOnly: declare only for SQL that writes nothing (it may then be sent twice).
    static func sql(_ sql: String, _ bind: PGBind = PGBind(), readOnly: Bool = false) -> PGQuery {
        PGQuery(text: .sql(sql), bind: bind, readOnly: readOnly)
    }
}
