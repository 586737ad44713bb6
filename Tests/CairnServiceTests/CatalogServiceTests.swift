import CairnCore
import CairnService
import CairnTestSupport
import Foundation
import NIOCore
import Testing

/// The service as any front end uses it, with no protocol at all: lookups fill the hot cache with
/// the front end's encoding, writes through the service take entries out, and the counters move.
@Suite struct CatalogServiceTests {
    static let dataset = try! DatasetID(parsing: "proj/dev/service/v1")
    static let tag = try! TagName("t1")

    /// A front end's encoding: the first item's value, twice.
    static let encode: CatalogService.HitEncoder = { hit, _ in
        var buffer = ByteBuffer()
        if case .inline(let bytes) = hit.items.first?.value { buffer.writeBytes(bytes) }
        return HotReply(
            hit: CachedArtifact(id: hit.id, items: [], createdAt: Date(), expiresAt: hit.expiresAt), resp2: buffer,
            resp3: buffer)
    }

    private func withService(_ body: (CatalogService) async throws -> Void) async throws {
        try await TestDatabase.withStore { store, _ in
            var configuration = CatalogService.Configuration()
            configuration.listensForChanges = false
            let service = CatalogService(configuration: configuration, store: store)
            await service.start()
            try await withCleanup {
                try await body(service)
            } cleanup: {
                await service.stop()
            }
        }
    }

    @Test func aLookupFillsTheHotCacheAndAWriteThroughTheServiceEmptiesIt() async throws {
        try await withService { service in
            let key = (ByteBuffer(string: Self.dataset.description), ByteBuffer(string: Self.tag.value))
            #expect(try await service.lookup(Self.dataset, Self.tag, encode: Self.encode) == nil)
            #expect(service.stats.value(.misses) == 1)

            let first = try await service.put(Self.dataset, Self.tag, data: [try .inline("o0", Array("v1".utf8))])
            #expect(first.outcome == .created && service.stats.value(.putsCreated) == 1)
            let hit = try #require(try await service.lookup(Self.dataset, Self.tag, encode: Self.encode))
            #expect(hit.resp2 == ByteBuffer(string: "v1") && service.stats.value(.storeHits) == 1)
            #expect(service.hotLookup(dataset: key.0, tag: key.1)?.artifactID == first.artifactID)
            #expect(service.stats.value(.hotHits) == 1)

            _ = try await service.put(
                Self.dataset, Self.tag, data: [try .inline("o0", Array("v2".utf8))], overwrite: true)
            #expect(service.hotLookup(dataset: key.0, tag: key.1) == nil, "the overwrite took the entry out")
            let again = try #require(try await service.lookup(Self.dataset, Self.tag, encode: Self.encode))
            #expect(again.resp2 == ByteBuffer(string: "v2"))

            #expect(try await service.evict(Self.dataset, Self.tag))
            #expect(service.hotLookup(dataset: key.0, tag: key.1) == nil)
            #expect(try await service.lookup(Self.dataset, Self.tag, encode: Self.encode) == nil)
            #expect(service.stats.value(.evictions) == 1)
        }
    }

    @Test func catalogWritesTakeTheirTagsOutOfTheHotCache() async throws {
        try await withService { service in
            let key = (ByteBuffer(string: Self.dataset.description), ByteBuffer(string: Self.tag.value))
            let put = try await service.put(Self.dataset, Self.tag, data: [try .inline("o0", Array("v1".utf8))])
            _ = try await service.lookup(Self.dataset, Self.tag, encode: Self.encode)
            #expect(service.hotLookup(dataset: key.0, tag: key.1) != nil)
            _ = try await service.updateArtifact(.id(put.artifactID), data: [try .inline("o0", Array("v3".utf8))])
            #expect(service.hotLookup(dataset: key.0, tag: key.1) == nil)

            _ = try await service.lookup(Self.dataset, Self.tag, encode: Self.encode)
            #expect(try await service.deleteArtifact(put.artifactID))
            #expect(service.hotLookup(dataset: key.0, tag: key.1) == nil)
        }
    }

    @Test func reservationsAndPurgesAreCounted() async throws {
        try await withService { service in
            guard case .acquired = try await service.reserve(Self.dataset, Self.tag, owner: "a", lease: .seconds(5))
            else {
                Issue.record("not acquired")
                return
            }
            guard case .held = try await service.reserve(Self.dataset, Self.tag, owner: "b", lease: nil) else {
                Issue.record("not held")
                return
            }
            #expect(try await service.release(Self.dataset, Self.tag, owner: "a"))
            #expect(service.stats.value(.reservationsAcquired) == 1 && service.stats.value(.reservationsHeld) == 1)
            #expect(service.stats.value(.releases) == 1)

            _ = try await service.put(Self.dataset, Self.tag, data: [try .inline("o0", [1])])
            var selection = PurgeSelection()
            selection.dataset = Self.dataset
            let summary = try await service.purge(selection, dryRun: false, batchSize: nil)
            #expect(summary.artifacts == 1 && service.stats.value(.purged) == 1)
            #expect(try await service.lookup(Self.dataset, Self.tag, encode: Self.encode) == nil)
        }
    }
}
