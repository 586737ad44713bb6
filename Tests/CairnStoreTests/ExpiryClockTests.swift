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

@Suite struct UnixMillisecondsTests {
    @Test func storedTimesGiveTheirExactMillisecondAndTheTTLShowsExactly() {
        // 1795233672.674 s is stored as 1795233672674000 µs; as a Double it is a hair below, and
        // flooring its milliseconds used to give …673, so expires − created showed TTL − 1 ms.
        for micros: Int64 in [1_795_233_672_674_000, 1_795_233_672_674_999, 1_795_233_672_821_000, 0, -1500] {
            let date = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
            let expected = micros >= 0 ? micros / 1000 : (micros - 999) / 1000
            #expect(date.unixMilliseconds == expected, "\(micros)")
            let later = Date(timeIntervalSince1970: Double(micros + 3_600_000_000) / 1_000_000)
            #expect(later.unixMilliseconds - date.unixMilliseconds == 3_600_000, "\(micros)")
        }
        #expect(Date(timeIntervalSince1970: .infinity).unixMilliseconds == .max)
        #expect(Date(timeIntervalSince1970: -1e300).unixMilliseconds < 0)
    }
}
