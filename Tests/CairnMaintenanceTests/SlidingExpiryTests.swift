import CairnCore
import CairnMaintenance
import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// Expiry by last use (`CACHE.PUT … TTL s SLIDING`): recorded hits move a sliding artifact's expiry,
/// so an entry in use outlives its TTL from creation while an unused one expires and is swept.
@Suite struct SlidingExpiryTests {
    @Test func aHitSlidingEntryStaysWhileAnUnhitOneAndAPlainTTLExpire() async throws {
        try await PurgeFixture.with { fixture in
            let store = fixture.store
            let ds = PurgeFixture.dataset("p1/dev/sliding/v1")
            let ttl = Duration.seconds(3)
            let data = [try DataItem.inline("o0", Array("v".utf8))]
            let warm = try await store.put(ds, try TagName("warm"), data: data, ttl: ttl, sliding: true)
            let cold = try await store.put(ds, try TagName("cold"), data: data, ttl: ttl, sliding: true)
            let plain = try await store.put(ds, try TagName("plain"), data: data, ttl: ttl)
            let created = Date()
            // Hit the warm entry (and the plain one) for well over twice the TTL, flushing the hits as
            // the server's timer does.
            while Date() < created.addingTimeInterval(8) {
                #expect(try await store.get(ds, try TagName("warm"))?.id == warm.artifactID)
                _ = try await store.get(ds, try TagName("plain"))
                try await store.flushHits()
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(try await store.get(ds, try TagName("cold")) == nil)
            #expect(try await store.get(ds, try TagName("plain")) == nil)

            var configuration = ExpirySweeper.Configuration()
            configuration.collector.grace = .zero
            let sweeper = ExpirySweeper(databaseURL: fixture.url, blobStore: nil, configuration: configuration)
            _ = try await sweeper.sweep()
            let left = try await fixture.ids()
            #expect(left.contains(warm.artifactID))
            #expect(!left.contains(cold.artifactID) && !left.contains(plain.artifactID))
        }
    }

    @Test func slidingNeedsATTLAndANewExpiryEndsIt() async throws {
        try await PurgeFixture.with { fixture in
            let store = fixture.store
            let ds = PurgeFixture.dataset("p1/dev/sliding/v1")
            let t = try TagName("t")
            let data = [try DataItem.inline("o0", Array("v".utf8))]
            await #expect(throws: CairnError.self) { try await store.put(ds, t, data: data, sliding: true) }
            let put = try await store.put(ds, t, data: data, ttl: .seconds(600), sliding: true)
            #expect(try await fixture.slidingTTL(put.artifactID) == "00:10:00")
            // An overwrite without a TTL keeps the expiry and its sliding; a new TTL or PERSIST ends it.
            _ = try await store.put(ds, t, data: data, overwrite: true)
            #expect(try await fixture.slidingTTL(put.artifactID) == "00:10:00")
            _ = try await store.put(ds, t, data: data, ttl: .seconds(60), overwrite: true)
            #expect(try await fixture.slidingTTL(put.artifactID) == "")
            _ = try await store.put(ds, t, data: data, ttl: .seconds(60), overwrite: true, sliding: true)
            #expect(try await fixture.slidingTTL(put.artifactID) == "00:01:00")
            _ = try await store.updateArtifact(.id(put.artifactID), data: data, expiry: .never)
            #expect(try await fixture.slidingTTL(put.artifactID) == "")
        }
    }
}

extension PurgeFixture {
    /// The stored sliding TTL as PostgreSQL prints it, empty for none.
    fileprivate func slidingTTL(_ id: ArtifactID) async throws -> String {
        try await TestDatabase.scalar(url, "SELECT coalesce(sliding_ttl::text, '') FROM artifacts WHERE id = '\(id)'")
            ?? ""
    }
}
