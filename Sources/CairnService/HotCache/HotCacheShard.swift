import CairnCore
import Foundation

/// One shard of the ``HotCache``: a segmented LRU over an array of nodes linked by index.
///
/// New entries enter the probation segment; a hit there promotes the entry to the protected
/// segment (at most 80% of the budget), whose overflow falls back to probation. Eviction takes the
/// least recently used probation entry first. A scan of one-off keys therefore only churns
/// probation, while keys hit at least twice survive it.
struct HotCacheShard {
    private enum Segment { case probation, protected }

    private struct Node {
        var key: HotKey
        var reply: HotReply
        var segment: Segment
        var previous = -1
        var next = -1
    }

    /// A doubly linked list threaded through `nodes`: head is the most recently used.
    private struct List {
        var head = -1
        var tail = -1
        var bytes = 0
    }

    let budget: Int
    private(set) var epoch: UInt64 = 0
    private(set) var evictions = 0
    private(set) var invalidations = 0
    private var nodes: [Node] = []
    private var free: [Int] = []
    private var index: [HotKey: Int] = [:]
    private var byArtifact: [ArtifactID: [HotKey]] = [:]
    private var probation = List()
    private var protected = List()
    /// Hits served since the last drain, for the store's `last_hit_at` / `hit_count`: kept here,
    /// under the lock a hit takes anyway, instead of taking another lock per hit.
    private var hits: [ArtifactID: (lastHit: Date, count: Int64)] = [:]

    init(budget: Int) { self.budget = budget }

    var count: Int { index.count }
    var bytes: Int { probation.bytes + protected.bytes }
    private var protectedBudget: Int { budget / 5 * 4 }

    /// The entry for `key`; an expired one is removed and reported as absent.
    mutating func lookup(_ key: HotKey, now: Date) -> HotReply? {
        guard let slot = index[key] else { return nil }
        let reply = nodes[slot].reply
        if reply.isExpired(at: now) {
            remove(slot)
            return nil
        }
        unlink(slot)
        nodes[slot].segment = .protected
        pushFront(slot)
        rebalance()
        let previous = hits[reply.artifactID]?.count ?? 0
        hits[reply.artifactID] = (now, previous + 1)
        return reply
    }

    mutating func insert(_ key: HotKey, _ reply: HotReply) {
        if let slot = index[key] { remove(slot) }
        guard reply.size + key.size <= budget else { return }
        let node = Node(key: key, reply: reply, segment: .probation)
        let slot: Int
        if let reused = free.popLast() {
            nodes[reused] = node
            slot = reused
        } else {
            nodes.append(node)
            slot = nodes.count - 1
        }
        index[key] = slot
        byArtifact[reply.artifactID, default: []].append(key)
        pushFront(slot)
        while bytes > budget {
            let victim = probation.tail >= 0 ? probation.tail : protected.tail
            remove(victim)
            evictions += 1
        }
    }

    mutating func invalidate(_ key: HotKey) {
        epoch &+= 1
        guard let slot = index[key] else { return }
        remove(slot)
        invalidations += 1
    }

    mutating func invalidate(artifact: ArtifactID) {
        invalidate(artifacts: CollectionOfOne(artifact))
    }

    mutating func invalidate(artifacts: some Collection<ArtifactID>) {
        epoch &+= 1
        for artifact in artifacts {
            for key in byArtifact[artifact] ?? [] {
                if let slot = index[key] {
                    remove(slot)
                    invalidations += 1
                }
            }
        }
    }

    /// Drops every entry, counted as invalidations; the hits not yet drained stay.
    mutating func removeAll() {
        epoch &+= 1
        invalidations += index.count
        nodes.removeAll()
        free.removeAll()
        index.removeAll()
        byArtifact.removeAll()
        probation = List()
        protected = List()
    }

    /// The hits since the last call.
    mutating func drainHits() -> [ArtifactID: (lastHit: Date, count: Int64)] {
        defer { hits.removeAll(keepingCapacity: true) }
        return hits
    }

    /// Moves protected overflow back to the front of probation.
    private mutating func rebalance() {
        while protected.bytes > protectedBudget, protected.tail >= 0 {
            let slot = protected.tail
            unlink(slot)
            nodes[slot].segment = .probation
            pushFront(slot)
        }
    }

    private mutating func remove(_ slot: Int) {
        unlink(slot)
        let node = nodes[slot]
        index[node.key] = nil
        if var keys = byArtifact[node.reply.artifactID] {
            keys.removeAll { $0 == node.key }
            byArtifact[node.reply.artifactID] = keys.isEmpty ? nil : keys
        }
        // Drop the payload now; the node slot is recycled by the next insert.
        nodes[slot].reply = HotReply(hit: CachedArtifact(id: node.reply.artifactID, items: [], createdAt: .distantPast))
        nodes[slot].key = HotKey(dataset: .init(), tag: .init())
        free.append(slot)
    }

    private mutating func pushFront(_ slot: Int) {
        let size = nodes[slot].reply.size + nodes[slot].key.size
        withList(nodes[slot].segment) { list, nodes in
            nodes[slot].previous = -1
            nodes[slot].next = list.head
            if list.head >= 0 { nodes[list.head].previous = slot }
            list.head = slot
            if list.tail < 0 { list.tail = slot }
            list.bytes += size
        }
    }

    private mutating func unlink(_ slot: Int) {
        let size = nodes[slot].reply.size + nodes[slot].key.size
        withList(nodes[slot].segment) { list, nodes in
            let (previous, next) = (nodes[slot].previous, nodes[slot].next)
            if previous >= 0 { nodes[previous].next = next } else { list.head = next }
            if next >= 0 { nodes[next].previous = previous } else { list.tail = previous }
            nodes[slot].previous = -1
            nodes[slot].next = -1
            list.bytes -= size
        }
    }

    private mutating func withList(_ segment: Segment, _ body: (inout List, inout [Node]) -> Void) {
        switch segment {
        case .probation: body(&probation, &nodes)
        case .protected: body(&protected, &nodes)
        }
    }
}
