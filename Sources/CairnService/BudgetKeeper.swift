import CairnCore
import CairnMaintenance
import CairnStore
import Logging
import ServiceLifecycle
import Synchronization

/// Keeps the catalog within a size budget (`cairn serve --max-size`), continuously: every check
/// reads the catalog's size from `catalog_size` (a few rows, kept by triggers, not a sum over the
/// artifacts), and when it is over the budget evicts the least recently used artifacts (last hit,
/// or creation if never hit) in batches until it is at the low-water mark. Evictions take the
/// purge's path (`cairn_purge_artifacts`: each batch one transaction, blob references queued for
/// the blob collector, other servers notified) and leave this server's hot cache at once.
///
/// Of several servers on one database, one evicts at a time: a round holds an advisory lock, and
/// re-reads the size once it has it, so a server that waited does not evict what another already
/// freed. Without a budget it still reads (and folds) the size now and then, for `INFO` and the
/// metrics. Its work runs on a thread of its own with a connection of its own.
public final class BudgetKeeper: Service, Sendable {
    /// The budget and how it is kept.
    public struct Configuration: Sendable {
        /// The budget: inline bytes plus blob sizes summed over the artifacts (a blob several
        /// artifacts reference counts for each). `nil`: no budget.
        public var maxBytes: Int64?
        /// Eviction stops at or below this fraction of the budget, so that it runs in rounds and
        /// not after every put.
        public var lowWater = 0.9
        /// Time between checks of the size against the budget: what is written in one interval
        /// (plus a round's selection) is what the catalog can exceed the budget by.
        public var checkInterval: Duration = .milliseconds(25)
        /// Time between readings of the size without a budget.
        public var idleInterval: Duration = .seconds(10)
        /// Artifacts per eviction transaction.
        public var batchSize = 500
        /// Most artifacts one round selects (one bounded sort); a larger excess takes more rounds.
        public var maxArtifactsPerRound = 100_000
        /// Least time between blob collections after evictions (when there is a blob store).
        public var collectInterval: Duration = .seconds(60)
        /// How long a write waits for evictions to make room once the catalog is over the budget by
        /// more than one batch (``BudgetGate``) before it fails.
        public var maxWriteWait: Duration = .seconds(30)

        public init() {}

        /// The low-water mark in bytes, `nil` without a budget.
        public var lowWaterBytes: Int64? { maxBytes.map { Int64((Double($0) * lowWater).rounded(.down)) } }

        /// Checks the numbers.
        /// - Throws: ``CairnError/Code/invalidArgument`` naming the setting and its range.
        public func validate() throws {
            if let maxBytes, maxBytes < 1 { throw CairnError.invalid("max size", "must be at least 1 byte") }
            guard lowWater > 0, lowWater <= 1 else {
                throw CairnError.invalid("max size low water", "must be a fraction in (0, 1], got \(lowWater)")
            }
            guard batchSize >= 1 else { throw CairnError.invalid("batch size", "must be at least 1") }
            guard maxWriteWait > .zero else { throw CairnError.invalid("max size write wait", "must be positive") }
            guard maxArtifactsPerRound >= 1 else {
                throw CairnError.invalid("max artifacts per round", "must be at least 1")
            }
        }
    }

    /// The advisory lock of a round of evictions (an arbitrary constant: "cairnbud").
    public static let lockKey: Int64 = 0x6361_6972_6E62_7564

    public let configuration: Configuration
    let service: CatalogService
    let collector: BlobCollector?
    let logger: Logger
    let stopped = Mutex(false)

    /// A keeper of `service`'s catalog (its database, hot cache, counters and blob store).
    public init(
        configuration: Configuration, service: CatalogService, logger: Logger = Logger(label: "cairn.budget")
    ) {
        self.configuration = configuration
        self.service = service
        self.logger = logger
        service.budget.configure(maxBytes: configuration.maxBytes, maxWait: configuration.maxWriteWait)
        collector = service.configuration.blobStore.map {
            BlobCollector(store: $0, configuration: service.configuration.maintenance.collector)
        }
    }

    /// Checks until graceful shutdown or cancellation.
    public func run() async throws {
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await Blocking.run { self.runBlocking() }
        } onCancelOrGracefulShutdown: {
            self.stopped.withLock { $0 = true }
        }
    }

    var isStopped: Bool { stopped.withLock { $0 } }
}
