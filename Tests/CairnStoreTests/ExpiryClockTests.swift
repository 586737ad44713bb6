import CairnCore
import CairnTestSupport
import Foundation
import Testing

@testable import CairnStore

/// One clock for expiry: an artifact expires exactly its TTL after its creation (or update) on
/// PostgreSQL's clock, and what a create answers is what is stored. An overwrite without a TTL
/// keeps the expiry, through both the cache path and the catalog.
@Suite struct ExpiryClockTests {
    @Test func aCreateAnswersTheExpiryThatIsStoredToTheMicrosecond() async throws {
        try await TestDatabase.withStore { store, _ in
            let ds = try dataset()
            _ = try await store.createDataset(ds)
            // The reply used to add the TTL to PostgreSQL's creation time and the row the server's
            // clock to it: 1–2 ms apart in about one create in eight.
            for round in 0..<40 {
                let created = try await store.createArtifact(
                    NewArtifact(dataset: ds, items: [try item("o0", "\(round)")], ttl: .seconds(3600)))
                let stored = try await store.artifact(.id(created.id))
                #expect(created.expiresAt == stored.expiresAt, "round \(round)")
                #expect(created.createdAt == stored.createdAt)
                #expect(stored.expiresAt == stored.createdAt.addingTimeInterval(3600))
            }
        }
    }

    @Test func aPutExpiresExactlyItsTTLAfterItsCreation() async throws {
        try await TestDatabase.withStore { store, _ in
            let ds = try dataset()
            let put = try await store.put(ds, try tag("t"), data: [try item("o0", "v")], ttl: .seconds(90))
            let stored = try await store.artifact(.id(put.artifactID))
            #expect(stored.expiresAt == stored.createdAt.addingTimeInterval(90))
        }
    }

    @Test func anOverwriteWithoutATTLKeepsTheExpiryAsAnUpdateDoes() async throws {
        try await TestDatabase.withStore { store, _ in
            let ds = try dataset()
            let t = try tag("t")
            let first = try await store.put(ds, t, data: [try item("o0", "v1")], ttl: .seconds(600))
            let expires = try #require(try await store.artifact(.id(first.artifactID)).expiresAt)

            let kept = try await store.put(ds, t, data: [try item("o0", "v2")], overwrite: true)
            #expect(kept.outcome == .updated && kept.artifactID == first.artifactID)
            #expect(try await store.artifact(.id(first.artifactID)).expiresAt == expires)

            let updated = try await store.updateArtifact(.id(first.artifactID), data: [try item("o0", "v3")])
            #expect(updated.expiresAt == expires)

            _ = try await store.put(ds, t, data: [try item("o0", "v4")], ttl: .seconds(60), overwrite: true)
            let shortened = try await store.artifact(.id(first.artifactID))
            #expect(shortened.expiresAt == shortened.updatedAt.map { $0.addingTimeInterval(60) })

            // PERSIST (never) goes through the catalog update; an overwrite without a TTL keeps that too.
            _ = try await store.updateArtifact(.id(first.artifactID), data: [try item("o0", "v5")], expiry: .never)
            _ = try await store.put(ds, t, data: [try item("o0", "v6")], overwrite: true)
            #expect(try await store.artifact(.id(first.artifactID)).expiresAt == nil)
        }
    }

    @Test func anOverwriteOfAnExpiredTagWithoutATTLCreatesOneThatNeverExpires() async throws {
        try await TestDatabase.withStore { store, url in
            let ds = try dataset()
            let t = try tag("t")
            let first = try await store.put(ds, t, data: [try item("o0", "v1")], ttl: .seconds(600))
            _ = try await TestDatabase.scalar(
                url, "UPDATE artifacts SET expires_at = now() - interval '1 minute' WHERE id = '\(first.artifactID)'")
            let second = try await store.put(ds, t, data: [try item("o0", "v2")], overwrite: true)
            #expect(second.outcome == .created && second.artifactID != first.artifactID)
            #expect(try await store.artifact(.id(second.artifactID)).expiresAt == nil)
        }
    }
}
