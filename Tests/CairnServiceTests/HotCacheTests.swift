import CairnCore
import Foundation
import NIOCore
import Testing

@testable import CairnService

@Suite struct HotCacheTests {
    private static let dataset = try! DatasetID(parsing: "p/d/n/v")

    private func cache(maxBytes: Int) -> HotCache {
        var configuration = HotCache.Configuration()
        configuration.maxBytes = maxBytes
        configuration.shards = 1
        return HotCache(configuration: configuration)
    }

    private func reply(_ size: Int, expires: Date? = nil, id: ArtifactID = .random()) -> HotReply {
        let bytes = ByteBuffer(repeating: 0x61, count: size)
        return HotReply(
            hit: CachedArtifact(id: id, items: [], createdAt: Date(), expiresAt: expires), resp2: bytes, resp3: bytes)
    }

    private func tag(_ index: Int) -> TagName { try! TagName("t\(index)") }

    private func put(_ cache: HotCache, _ index: Int, _ reply: HotReply) {
        #expect(
            cache.insert(
                reply, dataset: Self.dataset, tag: tag(index), ticket: cache.ticket(for: Self.dataset, tag: tag(index)))
        )
    }

    private func has(_ cache: HotCache, _ index: Int) -> Bool {
        cache.lookup(dataset: ByteBuffer(string: "p/d/n/v"), tag: ByteBuffer(string: "t\(index)")) != nil
    }

    @Test func aHitReturnsTheEncodedReplyForTheSessionsProtocol() {
        let cache = cache(maxBytes: 1 << 20)
        let reply = HotReply(
            hit: CachedArtifact(id: .random(), items: [], createdAt: Date(), expiresAt: nil),
            resp2: ByteBuffer(string: "$-1"), resp3: ByteBuffer(string: "_"))
        put(cache, 1, reply)
        let key = (ByteBuffer(string: "p/d/n/v"), ByteBuffer(string: "t1"))
        #expect(cache.lookup(dataset: key.0, tag: key.1)?.resp2 == ByteBuffer(string: "$-1"))
        #expect(cache.lookup(dataset: key.0, tag: key.1)?.resp3 == ByteBuffer(string: "_"))
        #expect(cache.lookup(dataset: key.0, tag: ByteBuffer(string: "t2")) == nil)
    }

    @Test func theBudgetIsNeverExceededAndTheLeastRecentlyUsedGoesFirst() {
        let cache = cache(maxBytes: 10 * 1200)
        for index in 0..<10 { put(cache, index, reply(1000)) }
        #expect(has(cache, 0))  // touch 0: it becomes the most recently used
        for index in 10..<15 { put(cache, index, reply(1000)) }
        let statistics = cache.statistics
        #expect(statistics.bytes <= 10 * 1200)
        #expect(statistics.evictions >= 5)
        #expect(has(cache, 0))
        #expect(!has(cache, 1))
        #expect(has(cache, 14))
    }

    @Test func aScanOfOneOffKeysDoesNotEvictKeysHitTwice() {
        let cache = cache(maxBytes: 20 * 1200)
        for index in 0..<5 {
            put(cache, index, reply(1000))
            #expect(has(cache, index))  // a second access promotes to the protected segment
        }
        for index in 100..<200 { put(cache, index, reply(1000)) }
        for index in 0..<5 { #expect(has(cache, index), "protected entry \(index) was evicted by a scan") }
    }

    @Test func expiredEntriesAreMisses() {
        let cache = cache(maxBytes: 1 << 20)
        put(cache, 1, reply(10, expires: Date().addingTimeInterval(0.05)))
        #expect(has(cache, 1))
        #expect(
            cache.lookup(
                dataset: ByteBuffer(string: "p/d/n/v"), tag: ByteBuffer(string: "t1"), now: Date().addingTimeInterval(1)
            )
                == nil)
        #expect(cache.statistics.entries == 0)
        #expect(
            !cache.insert(
                reply(10, expires: Date().addingTimeInterval(-1)), dataset: Self.dataset, tag: tag(2),
                ticket: cache.ticket(for: Self.dataset, tag: tag(2))))
    }

    @Test func anInsertThatRacedWithAnInvalidationIsDropped() {
        let cache = cache(maxBytes: 1 << 20)
        let ticket = cache.ticket(for: Self.dataset, tag: tag(1))
        cache.invalidate(dataset: Self.dataset, tag: tag(1))
        #expect(!cache.insert(reply(10), dataset: Self.dataset, tag: tag(1), ticket: ticket))
        #expect(!has(cache, 1))

        let second = cache.ticket(for: Self.dataset, tag: tag(2))
        cache.invalidate(artifact: .random())
        #expect(!cache.insert(reply(10), dataset: Self.dataset, tag: tag(2), ticket: second))
    }

    @Test func invalidatingAnArtifactDropsEveryTagThatPointsAtIt() {
        let cache = cache(maxBytes: 1 << 20)
        let id = ArtifactID.random()
        put(cache, 1, reply(10, id: id))
        put(cache, 2, reply(10, id: id))
        put(cache, 3, reply(10))
        cache.invalidate(artifact: id)
        #expect(!has(cache, 1))
        #expect(!has(cache, 2))
        #expect(has(cache, 3))
        #expect(cache.statistics.invalidations == 2)
    }

    @Test func oversizedRepliesAndADisabledCacheKeepNothing() {
        var configuration = HotCache.Configuration()
        configuration.maxEntryBytes = 100
        let small = HotCache(configuration: configuration)
        #expect(
            !small.insert(
                reply(500), dataset: Self.dataset, tag: tag(1), ticket: small.ticket(for: Self.dataset, tag: tag(1))))
        let off = cache(maxBytes: 0)
        #expect(!off.isEnabled)
        #expect(
            !off.insert(
                reply(10), dataset: Self.dataset, tag: tag(1), ticket: off.ticket(for: Self.dataset, tag: tag(1))))
    }

    @Test func hitsAreCountedPerArtifactUntilDrained() {
        let cache = cache(maxBytes: 1 << 20)
        let id = ArtifactID.random()
        put(cache, 1, reply(10, id: id))
        #expect(has(cache, 1))
        #expect(has(cache, 1))
        #expect(!has(cache, 2))
        let hits = cache.drainHits()
        #expect(hits.count == 1)
        #expect(hits.first?.id == id)
        #expect(hits.first?.count == 2)
        #expect(cache.drainHits().isEmpty)
    }
}
