import CairnCore
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Synchronization

/// The in-memory cache of `CACHE.GET` hits in front of the store, bounded by bytes.
///
/// Entries hold the reply already encoded, so a hot hit is a hash lookup and a write of shared
/// bytes. Eviction is segmented LRU per shard (see ``HotCacheShard``): a workflow engine looks most
/// keys up once per run, and SLRU keeps such one-off lookups in a small probation segment where they
/// cannot push out entries that were hit twice. Misses are never cached. Writes through this server
/// invalidate the affected keys, changes made elsewhere arrive as artifact ids
/// (``invalidate(artifacts:)``), and an insert that raced with an invalidation is dropped (see
/// ``ticket(for:tag:)``), so a stale reply cannot be re-inserted after an overwrite or eviction.
public final class HotCache: Sendable {
    /// Sizing.
    public struct Configuration: Sendable {
        /// The budget for keys and encoded replies, in bytes; 0 turns the cache off.
        public var maxBytes = 256 << 20
        /// Largest single reply kept, in bytes; bigger artifacts are always read from the store.
        public var maxEntryBytes = 1 << 20
        /// Independent shards, each with its own lock and an equal share of the budget.
        public var shards = 16

        public init() {}
    }

    /// Why a reply may be inserted: the invalidation counters seen before the store was read.
    public struct Ticket: Sendable {
        fileprivate let shard: Int
        fileprivate let shardEpoch: UInt64
        fileprivate let globalEpoch: UInt64
    }

    /// Counters for `INFO`.
    public struct Statistics: Sendable, Equatable {
        public var entries = 0
        public var bytes = 0
        public var evictions = 0
        public var invalidations = 0
    }

    public let configuration: Configuration
    private let shards: [NIOLockedValueBox<HotCacheShard>]
    /// Bumped by invalidations that cannot be pinned to one key (by artifact id, everything).
    private let globalEpoch = Atomic<UInt64>(0)

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        let count = max(1, configuration.shards)
        let share = configuration.maxBytes / count
        self.shards = (0..<count).map { _ in NIOLockedValueBox(HotCacheShard(budget: share)) }
    }

    /// Whether the cache keeps anything at all.
    public var isEnabled: Bool { configuration.maxBytes > 0 }

    /// The cached reply for a key, if there is one and it has not expired; counts the hit.
    public func lookup(dataset: ByteBuffer, tag: ByteBuffer, now: Date = Date()) -> HotReply? {
        guard isEnabled else { return nil }
        let key = HotKey(dataset: dataset, tag: tag)
        return shards[shard(of: key)].withLockedValue { $0.lookup(key, now: now) }
    }

    /// Taken before reading the store; ``insert(_:dataset:tag:ticket:)`` honours it.
    public func ticket(for dataset: DatasetID, tag: TagName) -> Ticket {
        let key = HotKey(dataset, tag)
        let index = shard(of: key)
        let epoch = shards[index].withLockedValue { $0.epoch }
        return Ticket(shard: index, shardEpoch: epoch, globalEpoch: globalEpoch.load(ordering: .acquiring))
    }

    /// Caches a hit read from the store, unless the key was invalidated since `ticket` was taken,
    /// the reply is too big, or the artifact already expired.
    @discardableResult
    public func insert(_ reply: HotReply, dataset: DatasetID, tag: TagName, ticket: Ticket, now: Date = Date())
        -> Bool
    {
        guard isEnabled, reply.size <= configuration.maxEntryBytes, !reply.isExpired(at: now) else { return false }
        let key = HotKey(dataset, tag)
        return shards[ticket.shard].withLockedValue { shard in
            // Checked under the shard lock: an invalidation bumps the epoch under the same lock.
            guard shard.epoch == ticket.shardEpoch, globalEpoch.load(ordering: .acquiring) == ticket.globalEpoch
            else { return false }
            shard.insert(key, reply)
            return true
        }
    }

    /// Drops one key (after a put that changed it, an eviction, a tag move).
    public func invalidate(dataset: DatasetID, tag: TagName) {
        guard isEnabled else { return }
        let key = HotKey(dataset, tag)
        shards[shard(of: key)].withLockedValue { $0.invalidate(key) }
    }

    /// Drops every key that points at an artifact (after an update or a delete by id).
    public func invalidate(artifact: ArtifactID) {
        guard isEnabled else { return }
        globalEpoch.add(1, ordering: .releasing)
        for shard in shards { shard.withLockedValue { $0.invalidate(artifact: artifact) } }
    }

    /// Drops every key that points at any of `artifacts` (changed or deleted elsewhere: another
    /// server, SQL), with one bump of the invalidation counter and each shard's lock taken once.
    public func invalidate(artifacts: some Collection<ArtifactID>) {
        guard isEnabled, !artifacts.isEmpty else { return }
        globalEpoch.add(1, ordering: .releasing)
        for shard in shards { shard.withLockedValue { $0.invalidate(artifacts: artifacts) } }
    }

    /// Drops every entry (when changes may have been missed); inserts that raced with it are dropped too.
    /// Hits not yet drained are kept.
    public func removeAll() {
        guard isEnabled else { return }
        globalEpoch.add(1, ordering: .releasing)
        for shard in shards { shard.withLockedValue { $0.removeAll() } }
    }

    /// Hits served since the last call, per artifact, for the store's hit bookkeeping.
    public func drainHits() -> [(id: ArtifactID, lastHit: Date, count: Int64)] {
        var all: [(id: ArtifactID, lastHit: Date, count: Int64)] = []
        for shard in shards {
            for (id, hit) in shard.withLockedValue({ $0.drainHits() }) {
                all.append((id: id, lastHit: hit.lastHit, count: hit.count))
            }
        }
        return all
    }

    /// Totals over the shards.
    public var statistics: Statistics {
        shards.reduce(into: Statistics()) { total, shard in
            shard.withLockedValue { shard in
                total.entries += shard.count
                total.bytes += shard.bytes
                total.evictions += shard.evictions
                total.invalidations += shard.invalidations
            }
        }
    }

    private func shard(of key: HotKey) -> Int {
        Int(UInt(bitPattern: key.hashValue) % UInt(shards.count))
    }
}
