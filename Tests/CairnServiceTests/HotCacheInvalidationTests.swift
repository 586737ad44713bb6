import CairnCore
import Foundation
import NIOCore
import Testing

@testable import CairnService

/// Invalidations that come from elsewhere: artifact ids from notifications, and dropping everything
/// after a reconnect. Several shards, so that keys of one batch live under different locks.
@Suite struct HotCacheInvalidationTests {
    private static let dataset = try! DatasetID(parsing: "p/d/n/v")

    private func cache(maxBytes: Int = 1 << 20) -> HotCache {
        var configuration = HotCache.Configuration()
        configuration.maxBytes = maxBytes
        configuration.shards = 4
        return HotCache(configuration: configuration)
    }

    private func tag(_ index: Int) -> TagName { try! TagName("t\(index)") }

    @discardableResult
    private func put(_ cache: HotCache, _ index: Int, id: ArtifactID, size: Int = 10) -> Bool {
        let bytes = ByteBuffer(repeating: 0x61, count: size)
        let reply = HotReply(
            hit: CachedArtifact(id: id, items: [], createdAt: Date(), expiresAt: nil), resp2: bytes, resp3: bytes)
        return cache.insert(
            reply, dataset: Self.dataset, tag: tag(index), ticket: cache.ticket(for: Self.dataset, tag: tag(index)))
    }

    private func has(_ cache: HotCache, _ index: Int) -> Bool {
        cache.lookup(dataset: ByteBuffer(string: "p/d/n/v"), tag: ByteBuffer(string: "t\(index)")) != nil
    }

    @Test func invalidatingABatchDropsEveryKeyOfEachArtifactAndNothingElse() {
        let cache = cache()
        let ids = (0..<4).map { _ in ArtifactID.random() }
        for index in 0..<16 { #expect(put(cache, index, id: ids[index % 4])) }
        cache.invalidate(artifacts: [ids[0], ids[2], .random()])
        for index in 0..<16 { #expect(has(cache, index) == (index % 2 == 1), "key \(index)") }
        #expect(cache.statistics.entries == 8)
        #expect(cache.statistics.invalidations == 8)
    }

    @Test func anInsertWhoseTicketPrecedesABatchInvalidationIsDropped() {
        let cache = cache()
        let id = ArtifactID.random()
        let ticket = cache.ticket(for: Self.dataset, tag: tag(1))
        cache.invalidate(artifacts: [ArtifactID.random()])
        let reply = HotReply(
            hit: CachedArtifact(id: id, items: [], createdAt: Date(), expiresAt: nil), resp2: ByteBuffer(string: "x"),
            resp3: ByteBuffer(string: "x"))
        #expect(!cache.insert(reply, dataset: Self.dataset, tag: tag(1), ticket: ticket))
        #expect(!has(cache, 1))
        // An empty batch is no invalidation at all.
        let kept = cache.ticket(for: Self.dataset, tag: tag(1))
        cache.invalidate(artifacts: [ArtifactID]())
        #expect(cache.insert(reply, dataset: Self.dataset, tag: tag(1), ticket: kept))
    }

    @Test func removeAllEmptiesEveryShardAndDropsInsertsThatRacedWithIt() {
        let cache = cache()
        for index in 0..<12 { #expect(put(cache, index, id: .random())) }
        let ticket = cache.ticket(for: Self.dataset, tag: tag(20))
        cache.removeAll()
        let statistics = cache.statistics
        #expect(statistics.entries == 0)
        #expect(statistics.bytes == 0)
        #expect(statistics.invalidations == 12)
        for index in 0..<12 { #expect(!has(cache, index)) }
        let reply = HotReply(
            hit: CachedArtifact(id: .random(), items: [], createdAt: Date(), expiresAt: nil),
            resp2: ByteBuffer(string: "x"), resp3: ByteBuffer(string: "x"))
        #expect(!cache.insert(reply, dataset: Self.dataset, tag: tag(20), ticket: ticket))
        #expect(!has(cache, 20))
    }

    @Test func afterRemoveAllTheCacheFillsEvictsAndCountsHitsAsBefore() {
        let cache = cache(maxBytes: 4 * 3 * 1200)
        let early = ArtifactID.random()
        #expect(put(cache, 0, id: early))
        #expect(has(cache, 0))
        cache.removeAll()
        // Hits served before are still owed to the store's bookkeeping.
        #expect(cache.drainHits().map(\.id) == [early])
        for index in 0..<40 { #expect(put(cache, index, id: .random(), size: 1000)) }
        let statistics = cache.statistics
        #expect(statistics.bytes <= 4 * 3 * 1200)
        #expect(statistics.entries + statistics.evictions == 40)
        #expect(has(cache, 39))
    }
}
