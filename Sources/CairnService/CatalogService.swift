import CairnBlobs
import CairnCore
import CairnMaintenance
import CairnStore
import Logging
import Synchronization

/// The catalog's rules, once, under every front end: validation (in the store and core values), the
/// hot cache and its invalidation (writes through here, changes elsewhere through PostgreSQL
/// notifications), the blob check of hits, reservations and fencing, hit recording, TTLs, purges,
/// and the counters of what happened. Front ends (RESP today; gRPC, Connect and the console to
/// come) translate wire values to these calls and never call ``CairnStore`` themselves.
///
/// The hot cache holds each front end's encoded reply (``HotReply``), so a hot hit costs a hash
/// lookup and shared bytes; the service decides what may be cached, for how long, and when it goes.
public final class CatalogService: Sendable {
    /// What the service runs with.
    public struct Configuration: Sendable {
        /// The hot cache's size.
        public var hotCache = HotCache.Configuration()
        /// How many datasets ``CatalogService/dataset(_:)`` keeps after reading them (0: none).
        public var datasetCacheCapacity = 65_536
        /// What purges run with (batching, the collector's grace).
        public var maintenance = Maintenance()
        /// The local blob store: purges delete its objects once nothing references them, and the
        /// blob check looks there. `nil`: purged objects stay queued, nothing is checked.
        public var blobStore: (any BlobStore)?
        /// Listen for the database's artifact change notifications so that changes made through other
        /// servers or in SQL drop hot entries (only while the hot cache is on).
        public var listensForChanges = true
        /// Whether store hits that reference objects of ``blobStore`` have them checked.
        public var blobCheck = BlobCheck.off

        public init() {}
    }

    /// What purges run with.
    public struct Maintenance: Sendable {
        /// Batch size and pause of the deletion.
        public var purge = Purger.Configuration()
        /// Grace period and batching of the blob collection.
        public var collector = BlobCollector.Configuration()

        public init() {}
    }

    /// Whether a lookup's hit read from the store has its blob objects checked before it is
    /// answered. Hot hits are not checked again.
    public enum BlobCheck: Sendable {
        /// Hits are answered as the catalog has them.
        case off
        /// Every object of the local blob store that a hit references must exist (one `stat` each,
        /// on threads of the service's own); references to other stores are not checked. A hit
        /// with an object gone is a miss, is not cached, and its artifact is deleted in the background.
        case exists
    }

    public let configuration: Configuration
    let store: CairnStore
    /// The hot cache in front of the store.
    public let hotCache: HotCache
    /// What happened, for `INFO` and the metrics; front ends add their own counts (commands, errors).
    public let stats: ServerStats
    /// Holds writes back while the catalog is over its size budget (the ``BudgetKeeper`` sets it).
    public let budget = BudgetGate()
    /// Applies changes made elsewhere to the hot cache; `nil` when off.
    let changes: NotificationListener?
    /// Checks the blobs of store hits; `nil` when off.
    let blobChecker: BlobChecker?
    /// Datasets read before: they never change.
    let datasets: DatasetCache
    let logger: Logger
    /// Set by ``finish()``: the background work ends.
    let finished = Mutex(false)

    /// - Parameter commands: the request kinds ``ServerStats`` times, by name.
    public init(
        configuration: Configuration, store: CairnStore, commands: [String] = [],
        logger: Logger = Logger(label: "cairn.service")
    ) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        let hotCache = HotCache(configuration: configuration.hotCache)
        let stats = ServerStats(commands: commands)
        self.hotCache = hotCache
        self.stats = stats
        self.datasets = DatasetCache(capacity: configuration.datasetCacheCapacity)
        self.changes = Self.makeChangeListener(configuration, store: store, hotCache: hotCache, stats: stats)
        if configuration.blobCheck == .exists, let blobs = configuration.blobStore {
            self.blobChecker = BlobChecker(blobs: blobs, logger: logger)
        } else {
            self.blobChecker = nil
        }
    }

    /// The store's settings (for `INFO`).
    public var storeConfiguration: CairnStore.Configuration { store.configuration }

    /// `listening`, `reconnecting` or `off`: whether changes made elsewhere reach the hot cache.
    public var changeNotifications: String { changes.map { $0.isConnected ? "listening" : "reconnecting" } ?? "off" }

    /// Whether changes made elsewhere are being received now.
    public var isListeningForChanges: Bool { changes?.isConnected == true }

    /// `exists <root>` or `off`.
    public var blobCheckDescription: String { blobChecker.map { "exists \($0.blobs)" } ?? "off" }

    /// Answers within `timeout` whether PostgreSQL takes a query (readiness probes).
    public func ping(timeout: Duration) async throws { try await store.ping(timeout: timeout) }
}
