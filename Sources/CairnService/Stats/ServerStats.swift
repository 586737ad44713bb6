import Atomics
import Foundation
import Prometheus
import Synchronization

/// What the server counts: read by `INFO` and the Prometheus endpoint, incremented by the command
/// executor and the connection handlers. Counters are lock-free; latency goes to Prometheus
/// histograms, one per command.
public final class ServerStats: Sendable {
    /// A monotonically increasing counter.
    public enum Counter: Int, CaseIterable, Sendable {
        case commands, connectionsReceived, connectionsRejected
        case hotHits, storeHits, misses
        case putsCreated, putsExisting, putsUpdated
        case evictions
        case reservationsAcquired, reservationsHeld, reservationsCached, releases
        case authFailures
        case purged, expired, budgetEvictions
        case invalidationsReceived, hotCacheResyncs
        case blobMissing

        /// The `INFO stats` field and, with `cairn_` in front, the Prometheus name.
        public var name: String {
            switch self {
            case .commands: "commands_processed"
            case .connectionsReceived: "connections_received"
            case .connectionsRejected: "connections_rejected"
            case .hotHits: "cache_hits_hot"
            case .storeHits: "cache_hits_store"
            case .misses: "cache_misses"
            case .putsCreated: "puts_created"
            case .putsExisting: "puts_exists"
            case .putsUpdated: "puts_updated"
            case .evictions: "evictions"
            case .reservationsAcquired: "reservations_acquired"
            case .reservationsHeld: "reservations_held"
            case .reservationsCached: "reservations_cached"
            case .releases: "reservations_released"
            case .authFailures: "auth_failures"
            case .purged: "artifacts_purged"
            case .expired: "artifacts_expired"
            case .budgetEvictions: "artifacts_evicted_budget"
            case .invalidationsReceived: "invalidations_received"
            case .hotCacheResyncs: "hot_cache_resyncs"
            case .blobMissing: "blob_missing"
            }
        }
    }

    /// When the server started, for `uptime_in_seconds`.
    public let started = Date()
    let registry = PrometheusCollectorRegistry()
    private let counters: [ManagedAtomic<Int>] = Counter.allCases.map { _ in ManagedAtomic(0) }
    private let errors = Mutex<[String: Int]>([:])
    /// The catalog's size and budget as the budget keeper last read them.
    let catalog = Mutex<CatalogReading?>(nil)
    private let latency: [String: DurationHistogram]
    private let otherLatency: DurationHistogram

    /// Histogram buckets from 20 µs to 5 s: hot hits sit in the first, store round trips in the middle.
    static let buckets: [Duration] = [
        .microseconds(20), .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(1000), .milliseconds(5000),
    ]

    /// - Parameter commands: the command names that get their own histogram; others share `other`.
    public init(commands: [String]) {
        let descriptor = MetricNameDescriptor(
            namespace: "cairn", metricName: "command_duration", unitName: "seconds",
            helpText: "Time from reading a request to its reply being ready, by command.")
        var latency: [String: DurationHistogram] = [:]
        for name in commands {
            latency[name] = registry.makeDurationHistogram(
                descriptor: descriptor, labels: [("command", name.lowercased())], buckets: Self.buckets)
        }
        self.latency = latency
        self.otherLatency = registry.makeDurationHistogram(
            descriptor: descriptor, labels: [("command", "other")], buckets: Self.buckets)
    }

    /// Adds `amount` to a counter.
    public func increment(_ counter: Counter, by amount: Int = 1) {
        counters[counter.rawValue].wrappingIncrement(by: amount, ordering: .relaxed)
    }

    /// The current value of a counter.
    public func value(_ counter: Counter) -> Int {
        counters[counter.rawValue].load(ordering: .relaxed)
    }

    /// Counts an error reply by its prefix (`ERR`, `NOAUTH`, `UNAVAILABLE`, …).
    public func recordError(prefix: String) {
        errors.withLock { $0[prefix, default: 0] += 1 }
    }

    /// Error replies so far, by prefix.
    public var errorCounts: [String: Int] { errors.withLock { $0 } }

    /// Records how long one command took.
    public func recordLatency(command: String, nanoseconds: Int64) {
        (latency[command] ?? otherLatency).record(.nanoseconds(nanoseconds))
    }

    /// Hits (hot and store) over lookups, or 0 before the first lookup.
    public var hitRatio: Double { ratio(value(.hotHits) + value(.storeHits)) }

    /// Hits answered by the hot cache over lookups, or 0 before the first lookup.
    public var hotHitRatio: Double { ratio(value(.hotHits)) }

    private func ratio(_ hits: Int) -> Double {
        let lookups = value(.hotHits) + value(.storeHits) + value(.misses)
        return lookups == 0 ? 0 : Double(hits) / Double(lookups)
    }
}
