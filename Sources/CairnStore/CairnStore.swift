import CairnCore
import Foundation
import Logging
import ServiceLifecycle

/// The catalog over PostgreSQL: datasets, artifacts, tags, reservations and the cache path.
///
/// Every operation is one transaction, sent through a pool of libpq connections in pipeline mode,
/// each owned by a dedicated thread (never the cooperative pool). Errors are ``CairnError``.
/// Run it as a `Service` so that recorded cache hits are flushed in the background and on shutdown.
public final class CairnStore: Service, Sendable {
    /// How the store connects and what it allows.
    public struct Configuration: Sendable {
        /// A libpq connection string or `postgresql://` URL.
        public var databaseURL: String
        /// Connections, each with its own worker thread. One per core measured best: lookups and puts
        /// are merged into set-based statements, so more connections mostly add context switches.
        public var connections = max(2, ProcessInfo.processInfo.activeProcessorCount)
        /// Most requests one worker sends as one pipeline, and most lookups or puts merged into one statement.
        public var maxBatch = 64
        /// Most requests waiting for a worker before callers get ``CairnError/Code/unavailable``.
        public var maxQueuedRequests = 10_000
        /// How long one request may take in PostgreSQL (also set as `statement_timeout`).
        public var requestTimeout: Duration = .seconds(30)
        /// Seconds to wait for a connection to open.
        public var connectTimeout = 5
        /// Lease used when a reservation asks for none (zero or negative).
        public var defaultLease: Duration = .seconds(60)
        /// Longest lease a reservation may get; longer requests are clamped.
        public var maxLease: Duration = .seconds(3600)
        /// Shortest lease; shorter requests are raised to it.
        public var minLease: Duration = .seconds(1)
        /// How often recorded cache hits are written to `artifacts.last_hit_at` / `hit_count`. Each
        /// flush rewrites every artifact hit since the last one, so a short interval under heavy
        /// load over many keys is a write per read again; `last_hit_at` is as precise as this.
        public var hitFlushInterval: Duration = .seconds(10)
        /// What one write may contain.
        public var limits = CatalogLimits()

        public init(databaseURL: String) { self.databaseURL = databaseURL }
    }

    public let configuration: Configuration
    let pool: ConnectionPool
    let hits: HitRecorder
    let lookups: StatementBatcher<CacheBatches.Lookup, Artifact?>
    let puts: StatementBatcher<CacheBatches.Put, PutResult>
    let logger: Logger

    /// Starts the connection workers. Connections open lazily and reopen by themselves; use
    /// ``connect(configuration:logger:)`` to also check that the database is reachable and migrated.
    public init(configuration: Configuration, logger: Logger = Logger(label: "cairn.store")) {
        self.configuration = configuration
        self.logger = logger
        self.hits = HitRecorder()
        var worker = PipelineWorker.Configuration(connectionString: configuration.databaseURL)
        worker.connectTimeout = configuration.connectTimeout
        worker.requestTimeout = configuration.requestTimeout
        worker.maxBatch = configuration.maxBatch
        let pool = ConnectionPool(
            size: configuration.connections, queueCapacity: configuration.maxQueuedRequests,
            worker: worker, logger: logger)
        self.pool = pool
        // Each kind may occupy every connection at once; requests arriving meanwhile form the next batch.
        lookups = StatementBatcher(
            queue: pool.queue, maxBatch: configuration.maxBatch, maxInFlight: pool.size,
            build: CacheBatches.lookupQuery, decode: CacheBatches.decodeLookups)
        puts = StatementBatcher(
            queue: pool.queue, maxBatch: configuration.maxBatch, maxInFlight: pool.size,
            build: CacheBatches.putQuery, decode: CacheBatches.decodePuts)
    }

    /// Opens a store and checks that the schema is at ``Migrator/latestVersion``.
    /// - Throws: ``CairnError/Code/unavailable`` or ``CairnError/Code/schemaMismatch``.
    public static func connect(configuration: Configuration, logger: Logger = Logger(label: "cairn.store")) async throws
        -> CairnStore
    {
        let store = CairnStore(configuration: configuration, logger: logger)
        do {
            let version = try await store.schemaVersion()
            guard version == Migrator.latestVersion else {
                throw CairnError(
                    .schemaMismatch,
                    "the database schema is at version \(version), this build needs "
                        + "\(Migrator.latestVersion): run `cairn admin migrate`")
            }
        } catch {
            await store.shutdown()
            throw error
        }
        return store
    }

    /// The applied schema version.
    public func schemaVersion() async throws -> Int {
        try await pool.run(.prepared(.schemaVersion)) { Int($0.int64(0, 0)) }
    }

    /// Flushes recorded hits every ``Configuration/hitFlushInterval`` until graceful shutdown,
    /// then flushes once more and closes the connections.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.configuration.hitFlushInterval)
                await self.flushHitsLogged()
            }
        }
        await shutdown()
    }

    /// Writes pending hits and closes every connection. Requests after this fail with `unavailable`.
    public func shutdown() async {
        await flushHitsLogged()
        let pool = self.pool
        try? await Blocking.run { pool.close() }
    }

    private func flushHitsLogged() async {
        do { try await flushHits() } catch {
            logger.warning("could not record cache hits", metadata: ["error": "\(error)"])
        }
    }
}
