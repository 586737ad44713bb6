import CLibPQ
import CairnCore
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// One libpq connection. Confined to the thread that created it: not `Sendable`, never shared.
///
/// Two modes: blocking (connect, prepare, simple-protocol `execute`) and, after
/// ``enterPipelineMode()``, non-blocking pipeline mode where many queries are sent before their
/// results are read.
final class PGConnection {
    let handle: OpaquePointer
    private(set) var inPipelineMode = false
    /// Kept for as long as the connection: libpq calls it with every notice.
    private let notices: NoticeLog

    /// Connects with a libpq connection string or `postgresql://` URL.
    /// - Parameters:
    ///   - parameters: libpq keywords that override the connection string's (such as `application_name`).
    ///   - logger: where the server's notices go, at debug level (never standard error).
    /// - Throws: ``CairnError/Code/unavailable`` with libpq's message.
    init(
        connectionString: String, connectTimeout: Int, parameters: KeyValuePairs<String, String> = [:],
        logger: Logger = Logger(label: "cairn.postgres")
    ) throws {
        let keys = ["dbname", "connect_timeout", "fallback_application_name"] + parameters.map(\.key)
        let values = [connectionString, String(connectTimeout), "cairn"] + parameters.map(\.value)
        let connection = keys.withCStrings { keyPointers in
            values.withCStrings { valuePointers in
                PQconnectdbParams(keyPointers, valuePointers, 1)
            }
        }
        guard let connection else { throw CairnError(.unavailable, "PostgreSQL: out of memory connecting") }
        if PQstatus(connection) != CONNECTION_OK {
            let message = Self.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw CairnError(.unavailable, "cannot connect to PostgreSQL: \(message)")
        }
        handle = connection
        notices = NoticeLog(logger: logger)
        notices.install(on: connection)
    }

    deinit { PQfinish(handle) }

    var isBroken: Bool { PQstatus(handle) != CONNECTION_OK }

    var errorMessage: String { Self.trimmed(PQerrorMessage(handle)) }

    /// Runs SQL (possibly several statements) with the simple protocol, blocking.
    @discardableResult
    func execute(_ sql: String) throws -> PGResult {
        precondition(!inPipelineMode)
        guard let raw = PQexec(handle, sql) else { throw lostConnection() }
        let result = PGResult(raw)
        try Self.check(result, connection: self)
        return result
    }

    /// Runs one parameterised statement, blocking, binary in and out.
    @discardableResult
    func execute(_ sql: String, _ bind: PGBind) throws -> PGResult {
        precondition(!inPipelineMode)
        let raw = bind.withParameters { values, lengths, formats in
            PQexecParams(handle, sql, Int32(bind.count), bind.types, values, lengths, formats, 1)
        }
        guard let raw else { throw lostConnection() }
        let result = PGResult(raw)
        try Self.check(result, connection: self)
        return result
    }

    /// Prepares a named statement, blocking.
    func prepare(name: String, sql: String) throws {
        guard let raw = PQprepare(handle, name, sql, 0, nil) else { throw lostConnection() }
        try Self.check(PGResult(raw), connection: self)
    }

    /// Switches to non-blocking pipeline mode for the rest of the connection's life.
    func enterPipelineMode() throws {
        guard PQsetnonblocking(handle, 1) == 0, PQenterPipelineMode(handle) == 1 else { throw lostConnection() }
        inPipelineMode = true
    }

    /// Queues a prepared statement in the pipeline.
    func sendPrepared(_ name: String, _ bind: PGBind) throws {
        let sent = bind.withParameters { values, lengths, formats in
            PQsendQueryPrepared(handle, name, Int32(bind.count), values, lengths, formats, 1)
        }
        guard sent == 1 else { throw lostConnection() }
    }

    /// Queues an unnamed parameterised statement in the pipeline.
    func sendQuery(_ sql: String, _ bind: PGBind) throws {
        let sent = bind.withParameters { values, lengths, formats in
            PQsendQueryParams(handle, sql, Int32(bind.count), bind.types, values, lengths, formats, 1)
        }
        guard sent == 1 else { throw lostConnection() }
    }

    /// Marks the end of a transaction segment in the pipeline.
    func sync() throws {
        guard PQpipelineSync(handle) == 1 else { throw lostConnection() }
    }

    /// The next result of the pipeline (or `nil` between one query's results and the next),
    /// flushing what is still unsent while waiting so neither side can block the other.
    /// - Throws: ``CairnError/Code/unavailable`` if the connection fails or nothing arrives in `timeout`.
    func nextResult(timeout: Duration) throws -> PGResult? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let flush = PQflush(handle)
            if flush < 0 { throw lostConnection() }
            if PQisBusy(handle) == 0 { return PQgetResult(handle).map(PGResult.init) }
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero {
                throw CairnError(.unavailable, "PostgreSQL did not answer within \(timeout); the connection was reset")
            }
            var descriptor = pollfd(
                fd: PQsocket(handle), events: Int16(POLLIN) | (flush == 1 ? Int16(POLLOUT) : 0),
                revents: 0)
            let millis = Int32(
                min(
                    remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1,
                    1000))
            let ready = poll(&descriptor, 1, millis)
            if ready < 0 && errno != EINTR { throw lostConnection() }
            if ready > 0, descriptor.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                if PQconsumeInput(handle) == 0 { throw lostConnection() }
            }
        }
    }

    func lostConnection() -> CairnError {
        CairnError(
            .unavailable,
            "lost the connection to PostgreSQL: \(errorMessage.isEmpty ? "no reason given" : errorMessage)")
    }

    /// Throws the mapped error for a failed result.
    static func check(_ result: PGResult, connection: PGConnection) throws {
        switch result.status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        case PGRES_FATAL_ERROR where connection.isBroken:
            throw connection.lostConnection()
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR:
            throw PGServerError(result: result).cairnError
        default:
            throw CairnError(.internalError, "unexpected result status \(String(cString: PQresStatus(result.status)))")
        }
    }

    private static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension Array where Element == String {
    /// Calls `body` with a NULL-terminated C array of these strings.
    func withCStrings<R>(_ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let duplicates = map { strdup($0) }
        defer { duplicates.forEach { free($0) } }
        let pointers = duplicates.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
