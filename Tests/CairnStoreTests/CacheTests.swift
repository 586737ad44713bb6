import CairnCore
import CairnTestSupport
import Foundation
import Testing

@testable import CairnStore

@Suite struct CacheTests {
    @Test func putThenGetReturnsTheDataAndAMissIsNil() async throws {
        try await TestDatabase.withStore { store, _ in
            let ds = try dataset()
            #expect(try await store.get(ds, tag("h1")) == nil)
            let blob = try BlobReference(uri: "file:///blobs/ab", size: 2048, sha256: digest("blob"))
            let put = try await store.put(
                ds, tag("h1"), data: [try item("o1", "two"), try item("o0", "one")],
                metadata: ["task": "t"], blobs: [blob])
            #expect(put.outcome == .created)
            let hit = try #require(try await store.get(ds, tag("h1")))
            #expect(hit.id == put.artifactID)
            #expect(hit.dataset == ds)
            #expect(hit.items.map(\.name) == ["o0", "o1"])
            #expect(hit[item: "o0"]?.value == .inline(bytes("one")))
            #expect(hit.metadata == ["task": "t"])
            #expect(hit.blobs == [blob])
            #expect(hit.size == 6 + 2048)
            #expect(hit.expiresAt == nil)
            #expect(hit.checksum == ArtifactContent.checksum(of: hit.items))
            #expect(try await store.get(ds, tag("h2")) == nil)
            #expect(try await store.get(try dataset(version: "v2"), tag("h1")) == nil)
        }
    }

    @Test func aSecondPutOfTheSameTagReportsTheExistingArtifactAndChangesNothing() async throws {
        try await TestDatabase.withStore { store, _ in
            let ds = try dataset()
            let first = try await store.put(ds, tag("h"), data: [try item("o0", "first")])
            let second = try await store.put(ds, tag("h"), data: [try item("o0", "second")])
            #expect(second == PutResult(artifactID: first.artifactID, outcome: .exists))
            #expect(try await store.get(ds, tag("h"))?[item: "o0"]?.value == .inline(bytes("first")))
        }
    }

    @Test func thirtyTwoConcurrentPutsOfOneTagLeaveOneArtifactAndAgreeOnTheWinner() async throws {
        try await TestDatabase.withStore { store, url in
            let ds = try dataset()
            let results = try await withThrowingTaskGroup(of: PutResult.self) { group in
                for writer in 0..<32 {
                    group.addTask {
                        try await store.put(ds, try tag("contended"), data: [try item("o0", "writer \(writer)")])
                    }
                }
                return try await group.reduce(into: [PutResult]()) { $0.append($1) }
            }
            #expect(results.count == 32)
            #expect(Set(results.map(\.artifactID)).count == 1)
            #expect(results.filter { $0.outcome == .created }.count == 1)
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifacts") == 1)
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifact_data") == 1)
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM tags") == 1)
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM datasets") == 1)
            #expect(try await store.get(ds, tag("contended"))?.id == results[0].artifactID)
        }
    }

    @Test func concurrentPutsOfDifferentTagsAllCreate() async throws {
        try await TestDatabase.withStore { store, url in
            let ds = try dataset()
            let results = try await withThrowingTaskGroup(of: PutResult.self) { group in
                for index in 0..<200 {
                    group.addTask { try await store.put(ds, try tag("t\(index)"), data: [try item("o0", "\(index)")]) }
                }
                return try await group.reduce(into: [PutResult]()) { $0.append($1) }
            }
            #expect(results.allSatisfy { $0.outcome == .created })
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifacts") == 200)
        }
    }

    @Test func anExpiredArtifactIsAMissAndAPutReplacesIt() async throws {
        try await TestDatabase.withStore { store, url in
            let ds = try dataset()
            let began = Date()
            let first = try await store.put(ds, tag("h"), data: [try item("o0", "old")], ttl: .seconds(2))
            let live = try await store.get(ds, tag("h"))
            if Date().timeIntervalSince(began) < 1.5 { #expect(live != nil) }  // a loaded machine may be slower
            let expiresAt = try #require(try await store.artifact(.id(first.artifactID)).expiresAt)
            #expect(abs(expiresAt.timeIntervalSince(began) - 2) < 1)
            try await Task.sleep(for: .seconds(max(0, expiresAt.timeIntervalSinceNow) + 0.2))
            #expect(try await store.get(ds, tag("h")) == nil)
            let second = try await store.put(ds, tag("h"), data: [try item("o0", "new")])
            #expect(second.outcome == .created)
            #expect(second.artifactID != first.artifactID)
            #expect(try await store.get(ds, tag("h"))?[item: "o0"]?.value == .inline(bytes("new")))
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifacts") == 1)
        }
    }

    @Test func overwriteReplacesTheContentInPlaceKeepingTheID() async throws {
        try await TestDatabase.withStore { store, _ in
            let ds = try dataset()
            let first = try await store.put(ds, tag("h"), data: [try item("o0", "old"), try item("extra", "x")])
            let second = try await store.put(
                ds, tag("h"), data: [try item("o0", "new")], metadata: ["v": "2"], overwrite: true)
            #expect(second == PutResult(artifactID: first.artifactID, outcome: .updated))
            let hit = try #require(try await store.get(ds, tag("h")))
            #expect(hit.items.map(\.name) == ["o0"])
            #expect(hit[item: "o0"]?.value == .inline(bytes("new")))
            #expect(hit.metadata == ["v": "2"])
            #expect(hit.updatedAt != nil)
            let third = try await store.put(ds, tag("fresh"), data: [try item("o0", "a")], overwrite: true)
            #expect(third.outcome == .created)
        }
    }

    @Test func evictRemovesTheArtifactSoTheNextLookupMisses() async throws {
        try await TestDatabase.withStore { store, url in
            let ds = try dataset()
            _ = try await store.put(ds, tag("h"), data: [try item("o0", "v")])
            #expect(try await store.evict(ds, tag("h")))
            #expect(try await store.get(ds, tag("h")) == nil)
            #expect(try await store.evict(ds, tag("h")) == false)
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifact_data") == 0)
        }
    }

    @Test func hitsAreRecordedInBatches() async throws {
        try await TestDatabase.withStore({ $0.hitFlushInterval = .seconds(3600) }) { store, _ in
            let ds = try dataset()
            let put = try await store.put(ds, tag("h"), data: [try item("o0", "v")])
            for _ in 0..<5 { _ = try await store.get(ds, tag("h")) }
            let before = try await store.artifact(.id(put.artifactID))
            #expect(before.hitCount == 0)
            #expect(before.lastHitAt == nil)
            try await store.flushHits()
            let after = try await store.artifact(.id(put.artifactID))
            #expect(after.hitCount == 5)
            #expect(after.lastHitAt != nil)
        }
    }

    @Test func oversizedAndMalformedPutsAreRejectedBeforeTheDatabase() async throws {
        try await TestDatabase.withStore({ $0.limits.maxInlineValueBytes = 10 }) { store, url in
            let ds = try dataset()
            let error = await expectCairnError(.limitExceeded) {
                try await store.put(ds, try tag("h"), data: [try .inline("o0", [UInt8](repeating: 1, count: 11))])
            }
            #expect(error?.message.contains("limit 10") == true)
            await expectCairnError(.invalidArgument) {
                try await store.put(ds, try tag("h"), data: [try item("o0", "a"), try item("o0", "b")])
            }
            await expectCairnError(.invalidArgument) {
                try await store.put(ds, try tag("h"), data: [try item("o0", "a")], ttl: .zero)
            }
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifacts") == 0)
        }
    }

    @Test func largeValuesRoundTrip() async throws {
        try await TestDatabase.withStore { store, _ in
            let ds = try dataset()
            let big = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            _ = try await store.put(ds, tag("big"), data: [try .inline("o0", big)])
            #expect(try await store.get(ds, tag("big"))?[item: "o0"]?.value == .inline(big))
        }
    }
}
