import CLibPQ
import CairnCore

/// An error PostgreSQL reported for one statement, with the fields the store maps from.
struct PGServerError: Error, Sendable {
    var sqlState: String
    var message: String
    var detail: String?
    var constraint: String?

    init(result: PGResult) {
        func field(_ code: Character) -> String? {
            guard let pointer = PQresultErrorField(result.handle, Int32(code.asciiValue!)) else { return nil }
            return String(cString: pointer)
        }
        sqlState = field("C") ?? "XX000"
        message = field("M") ?? String(cString: PQresultErrorMessage(result.handle))
        detail = field("D")
        constraint = field("n")
    }

    /// The one place SQLSTATEs become ``CairnError`` codes.
    var cairnError: CairnError {
        let code: CairnError.Code
        switch sqlState {
        case "CA400": code = .invalidArgument
        case "CA404", "P0002": code = .notFound
        case "CA409", "23505": code = .alreadyExists
        case "23503": code = .notFound
        case "40001", "40P01", "55P03": code = .conflict
        case "57014": code = .unavailable  // statement timeout or cancel
        case "42883", "42P01", "42703": code = .schemaMismatch
        case _ where sqlState.hasPrefix("08") || sqlState.hasPrefix("57P") || sqlState.hasPrefix("53"):
            code = .unavailable
        case _ where sqlState.hasPrefix("22") || sqlState.hasPrefix("23"):
            code = .invalidArgument
        default: code = .internalError
        }
        var text = message
        if code == .schemaMismatch {
            text += "; the database schema is not what this build expects: run `cairn admin migrate`"
        }
        if code == .conflict { text += "; retry the request" }
        if let constraint, code == .alreadyExists, sqlState == "23505" { text += " (\(constraint))" }
        return CairnError(code, text, sqlState: sqlState)
    }
}
