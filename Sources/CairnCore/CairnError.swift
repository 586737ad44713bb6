/// The one error type of Cairn's catalog. Its ``Code`` is stable and can grow; the message says
/// what was wrong in words a user can act on.
public struct CairnError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. Opaque so that new codes can be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Base: String, Sendable {
            case notFound, alreadyExists, conflict, invalidArgument, unavailable
            case fencingRejected, limitExceeded, schemaMismatch, internalError
        }

        let base: Base

        /// The requested dataset, artifact, tag or reservation does not exist.
        public static let notFound = Code(base: .notFound)
        /// An object with this identity exists already and was left as it is.
        public static let alreadyExists = Code(base: .alreadyExists)
        /// The request contradicts what is stored (a dataset re-created with other metadata, a retryable race).
        public static let conflict = Code(base: .conflict)
        /// An argument is malformed; ``CairnError/field`` names it.
        public static let invalidArgument = Code(base: .invalidArgument)
        /// PostgreSQL cannot be reached, timed out or is shutting down; retrying later may succeed.
        public static let unavailable = Code(base: .unavailable)
        /// A write carried a fencing token older than the tag's current reservation.
        public static let fencingRejected = Code(base: .fencingRejected)
        /// A configured limit was exceeded; the message names the limit.
        public static let limitExceeded = Code(base: .limitExceeded)
        /// The database schema is not the version this build expects (run `cairn admin migrate`).
        public static let schemaMismatch = Code(base: .schemaMismatch)
        /// Something that should not happen did; the message carries the details.
        public static let internalError = Code(base: .internalError)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence saying what went wrong.
    public var message: String
    /// For ``Code/invalidArgument`` and ``Code/limitExceeded``: the offending field.
    public var field: String?
    /// The PostgreSQL SQLSTATE behind this error, when there was one.
    public var sqlState: String?

    public init(_ code: Code, _ message: String, field: String? = nil, sqlState: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.sqlState = sqlState
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        return text
    }

    /// An ``Code/invalidArgument`` error about `field`.
    public static func invalid(_ field: String, _ message: String) -> CairnError {
        CairnError(.invalidArgument, "\(field): \(message)", field: field)
    }

    /// A ``Code/limitExceeded`` error about `field` that names the limit.
    public static func limit(_ field: String, _ message: String, limit: Int) -> CairnError {
        CairnError(.limitExceeded, "\(field): \(message) (limit \(limit))", field: field)
    }
}
