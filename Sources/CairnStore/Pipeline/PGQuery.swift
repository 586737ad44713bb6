/// One statement to send: a prepared statement by name, or SQL built for this request.
struct PGQuery: Sendable {
    enum Text: Sendable {
        case prepared(Statement)
        case sql(String)
    }

    var text: Text
    var bind: PGBind

    static func prepared(_ statement: Statement, _ bind: PGBind = PGBind()) -> PGQuery {
        PGQuery(text: .prepared(statement), bind: bind)
    }

    static func sql(_ sql: String, _ bind: PGBind = PGBind()) -> PGQuery {
        PGQuery(text: .sql(sql), bind: bind)
    }
}
