import CLibPQ
import CairnCore
import Foundation
import Logging

/// A dedicated thread that owns one libpq connection and serves the shared ``RequestQueue``:
/// it takes whatever is queued (up to a bound), sends it as one pipeline, reads the results and
/// completes the requests. Under low load a batch is one request, so latency is one round trip;
/// under load batches grow and throughput follows.
///
/// libpq is never called from an event loop or the Swift cooperative pool: only here.
/// `@unchecked Sendable`: `connection`, `retryAt`, `backoff` and `lastFailure` are touched only by
/// the worker thread; the rest is immutable.
final class PipelineWorker: @unchecked Sendable {
    struct Configuration: Sendable {
        var connectionString: String
        var connectTimeout = 5
        var requestTimeout: Duration = .seconds(30)
        var maxBatch = 64
        var minBackoff: Duration = .milliseconds(50)
        var maxBackoff: Duration = .seconds(1)
    }

    private let index: Int
    private let queue: RequestQueue
    private let configuration: Configuration
    private let logger: Logger
    private let stopped = DispatchSemaphore(value: 0)

    private var connection: PGConnection?
    private var retryAt = ContinuousClock.now
    private var backoff: Duration = .zero
    private var lastFailure: CairnError?

    init(index: Int, queue: RequestQueue, configuration: Configuration, logger: Logger) {
        self.index = index
        self.queue = queue
        self.configuration = configuration
        self.logger = logger
    }

    func start() {
        let thread = Thread { [self] in
            while let batch = queue.takeBatch(limit: configuration.maxBatch) { serve(batch) }
            connection = nil
            stopped.signal()
        }
        thread.name = "cairn-pg-\(index)"
        thread.start()
    }

    /// Waits until the thread has drained the closed queue and closed its connection.
    func join() { stopped.wait() }

    /// Runs `batch`; if the connection is lost mid-flight, the unanswered requests that only read
    /// are sent once more on a fresh connection. Writes are not: they may have committed.
    private func serve(_ batch: [PipelineRequest]) {
        var pending = batch
        for attempt in 0..<2 {
            guard let connection = connectIfDue() else {
                let error = lastFailure ?? CairnError(.unavailable, "PostgreSQL is unavailable")
                pending.forEach { $0.complete(.failure(error)) }
                return
            }
            let (outcomes, unanswered) = run(pending, on: connection)
            var resend: [PipelineRequest] = []
            for (index, (request, outcome)) in zip(pending, outcomes).enumerated() {
                if attempt == 0, let unanswered, index >= unanswered, request.resendable {
                    resend.append(request)
                } else {
                    request.complete(outcome)
                }
            }
            if resend.isEmpty { return }
            logger.debug(
                "sending reads again after the connection was lost",
                metadata: ["worker": "\(index)", "requests": "\(resend.count)"])
            pending = resend
        }
    }

    /// Sends every request as a segment ending in a sync, then reads each segment's results. A
    /// segment is one implicit transaction: an error rolls all of it back, and its results are discarded.
    /// - Returns: each request's outcome, and the index of the first one left unanswered because the
    ///   connection was lost (`nil` if none was).
    private func run(_ segments: [PipelineRequest], on connection: PGConnection) -> (
        outcomes: [Result<[PGResult], CairnError>], unanswered: Int?
    ) {
        var outcomes: [Result<[PGResult], CairnError>] = []
        do {
            for segment in segments {
                for query in segment.queries {
                    switch query.text {
                    case .prepared(let statement): try connection.sendPrepared(statement.rawValue, query.bind)
                    case .sql(let sql): try connection.sendQuery(sql, query.bind)
                    }
                }
                try connection.sync()
            }
            for segment in segments {
                outcomes.append(try readSegment(queryCount: segment.queries.count, connection))
            }
            return (outcomes, nil)
        } catch {
            let failure = (error as? CairnError) ?? CairnError(.unavailable, "\(error)")
            // Lost, as opposed to timed out or out of step, where a resend could only repeat the trouble.
            let unanswered = connection.isBroken ? outcomes.count : nil
            discard(failure)
            while outcomes.count < segments.count { outcomes.append(.failure(failure)) }
            return (outcomes, unanswered)
        }
    }

    private func readSegment(queryCount: Int, _ connection: PGConnection) throws -> Result<[PGResult], CairnError> {
        let timeout = configuration.requestTimeout
        var results: [PGResult] = []
        var failure: CairnError?
        for _ in 0..<queryCount {
            guard let result = try connection.nextResult(timeout: timeout) else {
                throw CairnError(.internalError, "pipeline out of step: a query produced no result")
            }
            switch result.status {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK: results.append(result)
            case PGRES_PIPELINE_ABORTED: break
            default:
                if connection.isBroken { throw connection.lostConnection() }
                if failure == nil {
                    do { try PGConnection.check(result, connection: connection) } catch let error as CairnError {
                        failure = error
                    }
                }
            }
            if try connection.nextResult(timeout: timeout) != nil {
                throw CairnError(.internalError, "pipeline out of step: more than one result for a query")
            }
        }
        // The sync: the commit happens here, and a commit-time error arrives before the marker.
        var emptyReads = 0
        while true {
            guard let result = try connection.nextResult(timeout: timeout) else {
                // A commit-time error is followed by one empty read; more means libpq lost step.
                emptyReads += 1
                if emptyReads > 2 { throw CairnError(.internalError, "pipeline out of step: no sync after a segment") }
                continue
            }
            if result.status == PGRES_PIPELINE_SYNC { break }
            if connection.isBroken { throw connection.lostConnection() }
            if failure == nil {
                do { try PGConnection.check(result, connection: connection) } catch let error as CairnError {
                    failure = error
                }
            }
        }
        if let failure { return .failure(failure) }
        return .success(results)
    }

    /// The live connection, or a new one. A connection the server has closed (PostgreSQL restarted,
    /// the backend terminated) is replaced at once, before anything is sent on it; only a failed
    /// attempt to connect waits for the backoff.
    private func connectIfDue() -> PGConnection? {
        if let connection {
            if !connection.isClosedByServer { return connection }
            discard(connection.lostConnection())
        }
        guard ContinuousClock.now >= retryAt else { return nil }
        do {
            let connection = try PGConnection(
                connectionString: configuration.connectionString,
                connectTimeout: configuration.connectTimeout, logger: logger)
            let timeoutMillis = configuration.requestTimeout.components.seconds * 1000
            try connection.execute("SET statement_timeout = \(timeoutMillis)")
            // Every statement of the store is a point or keyset lookup through an index. Tables start
            // empty, and a plan made while one was small (a seq scan, a hash join) would turn each
            // lookup into a scan once it has grown: rule those plans out for these connections. With
            // that, the generic plan is the right one, and forcing it saves planning each execution
            // (a custom plan of the batched lookup costs more to plan than to run).
            try connection.execute(
                "SET enable_seqscan = off; SET enable_hashjoin = off; SET enable_mergejoin = off; "
                    + "SET plan_cache_mode = force_generic_plan")
            for statement in Statement.allCases { try connection.prepare(name: statement.rawValue, sql: statement.sql) }
            try connection.enterPipelineMode()
            if lastFailure != nil { logger.info("PostgreSQL connection restored", metadata: ["worker": "\(index)"]) }
            self.connection = connection
            backoff = .zero
            lastFailure = nil
            return connection
        } catch {
            discard((error as? CairnError) ?? CairnError(.unavailable, "\(error)"))
            backoff = backoff == .zero ? configuration.minBackoff : min(backoff * 2, configuration.maxBackoff)
            retryAt = ContinuousClock.now + backoff
            return nil
        }
    }

    /// Forgets a failed connection. The next request connects again at once: the backoff follows
    /// only failed attempts to connect, so a connection lost while PostgreSQL is up costs no request.
    private func discard(_ failure: CairnError) {
        if lastFailure == nil {
            logger.warning("PostgreSQL connection failed", metadata: ["worker": "\(index)", "error": "\(failure)"])
        }
        connection = nil
        lastFailure = failure
    }
}
