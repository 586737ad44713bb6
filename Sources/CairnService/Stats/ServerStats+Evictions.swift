import CairnStore

extension ServerStats {
    /// Why artifacts left the catalog: the one list of causes that `INFO` (`evictions_<cause>`) and
    /// the metrics (`cairn_evictions_total{cause=…}`) name.
    public enum EvictionCause: String, CaseIterable, Sendable {
        /// Expired, deleted by the expiry sweeper.
        case ttl
        /// Least recently used, deleted to keep the catalog within `--max-size`.
        case budget
        /// Deleted by `ADMIN.PURGE` (`cairn admin purge` through a server).
        case purge
        /// Deleted by `CACHE.EVICT`.
        case evict

        /// The counter that counts it.
        public var counter: Counter {
            switch self {
            case .ttl: .expired
            case .budget: .budgetEvictions
            case .purge: .purged
            case .evict: .evictions
            }
        }
    }

    /// Counts `count` artifacts gone for `cause`.
    public func recordEvictions(_ cause: EvictionCause, count: Int) {
        increment(cause.counter, by: count)
    }

    /// Artifacts gone for `cause` since start.
    public func evictions(_ cause: EvictionCause) -> Int { value(cause.counter) }

    /// The catalog's size and budget, as last read.
    public struct CatalogReading: Sendable, Equatable {
        public var size: CatalogSize
        /// The budget in bytes, `nil` when there is none.
        public var maxBytes: Int64?
        /// Where eviction stops.
        public var lowWaterBytes: Int64?
    }

    /// Records a reading of the catalog's size (the budget keeper does, on every check).
    public func recordCatalog(_ reading: CatalogReading) {
        catalog.withLock { $0 = reading }
    }

    /// The last reading of the catalog's size, `nil` before the first.
    public var catalogReading: CatalogReading? { catalog.withLock { $0 } }
}
