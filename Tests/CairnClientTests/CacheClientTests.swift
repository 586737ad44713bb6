import CairnClient
import CairnCore
import CairnProtocol
import Foundation
import Testing

/// Every typed cache method against a real server on PostgreSQL, in both protocol dialects.
@Suite struct CacheClientTests {
    @Test(arguments: [nil, RESPVersion.resp3])
    func putGetMgetAndEvictRoundTrip(version: RESPVersion?) async throws {
        try await withClient({ $0.protocolVersion = version }) { client in
            #expect(try await client.ping() == "PONG")
            #expect(try await client.ping("hello") == "hello")
            let blob = try BlobReference(
                uri: "file:///tmp/blob-1", size: 42, sha256: SHA256Digest.of(Array("blob".utf8)))
            let before = Date()
            let put = try await client.put(
                dataset: Fixture.dataset, tag: Fixture.tag("t1"), data: Fixture.items(["o0": "42", "o1": "x y"]),
                ttl: .seconds(3600), metadata: ["task": "a", "run": "7"], blobs: [blob])
            #expect(put.outcome == .created)

            let hit = try #require(try await client.get(dataset: Fixture.dataset, tag: Fixture.tag("t1")))
            #expect(hit.id == put.artifactID)
            #expect(hit.items == Fixture.items(["o0": "42", "o1": "x y"]))
            #expect(hit[item: "o1"]?.value == .inline(Array("x y".utf8)))
            #expect(hit.metadata == ["task": "a", "run": "7"])
            #expect(hit.blobs == [blob])
            #expect(abs(hit.createdAt.timeIntervalSince(before)) < 60)
            let expires = try #require(hit.expiresAt)
            #expect(abs(expires.timeIntervalSince(hit.createdAt) - 3600) < 1)

            #expect(try await client.get(dataset: Fixture.dataset, tag: Fixture.tag("absent")) == nil)
            let many = try await client.mget([
                (Fixture.dataset, Fixture.tag("absent")), (Fixture.dataset, Fixture.tag("t1")),
            ])
            #expect(many.count == 2 && many[0] == nil && many[1]?.id == put.artifactID)
            #expect(try await client.mget([]).isEmpty)

            let again = try await client.put(
                dataset: Fixture.dataset, tag: Fixture.tag("t1"), data: Fixture.items(["o0": "43"]))
            #expect(again == PutResult(artifactID: put.artifactID, outcome: .exists))
            let replaced = try await client.put(
                dataset: Fixture.dataset, tag: Fixture.tag("t1"), data: Fixture.items(["o0": "43"]), overwrite: true)
            #expect(replaced == PutResult(artifactID: put.artifactID, outcome: .updated))
            #expect(
                try await client.get(dataset: Fixture.dataset, tag: Fixture.tag("t1"))?.items
                    == Fixture.items(["o0": "43"]))

            #expect(try await client.evict(dataset: Fixture.dataset, tag: Fixture.tag("t1")))
            #expect(try await client.evict(dataset: Fixture.dataset, tag: Fixture.tag("t1")) == false)
            #expect(try await client.get(dataset: Fixture.dataset, tag: Fixture.tag("t1")) == nil)
        }
    }

    @Test func binaryValuesSurviveTheRoundTrip() async throws {
        try await withClient { client in
            let bytes = (0...255).map { UInt8($0) } + [13, 10]
            let data = [try DataItem.inline("raw", bytes)]
            _ = try await client.put(dataset: Fixture.dataset, tag: Fixture.tag("bin"), data: data)
            #expect(try await client.get(dataset: Fixture.dataset, tag: Fixture.tag("bin"))?.items == data)
        }
    }

    @Test func reservationsFenceStalePutsAndReleaseOnlyForTheirOwner() async throws {
        try await withClient { client in
            let tag = Fixture.tag("r1")
            guard
                case .acquired(let first) = try await client.reserve(
                    dataset: Fixture.dataset, tag: tag, owner: "engine-1/node-4", lease: .seconds(30))
            else { Issue.record("expected acquired"); return }
            #expect(first.owner == "engine-1/node-4" && first.dataset == Fixture.dataset && first.tag == tag)
            #expect(first.expiresAt > Date().addingTimeInterval(20))

            guard
                case .held(let other) = try await client.reserve(dataset: Fixture.dataset, tag: tag, owner: "engine-2")
            else { Issue.record("expected held"); return }
            #expect(other.owner == "engine-1/node-4" && other.fencingToken == first.fencingToken)

            #expect(try await client.release(dataset: Fixture.dataset, tag: tag, owner: "engine-2") == false)
            #expect(try await client.release(dataset: Fixture.dataset, tag: tag, owner: "engine-1/node-4"))
            guard
                case .acquired(let second) = try await client.reserve(
                    dataset: Fixture.dataset, tag: tag, owner: "engine-2")
            else { Issue.record("expected acquired"); return }
            #expect(second.fencingToken > first.fencingToken)

            // The first owner's token is stale now: its put is fenced off.
            let stale = await #expect(throws: CairnClientError.self) {
                try await client.put(
                    dataset: Fixture.dataset, tag: tag, data: Fixture.items(["o0": "1"]),
                    fencingToken: first.fencingToken)
            }
            #expect(stale?.code == .serverError && stale?.prefix == .fenced)

            let put = try await client.put(
                dataset: Fixture.dataset, tag: tag, data: Fixture.items(["o0": "2"]), fencingToken: second.fencingToken)
            #expect(put.outcome == .created)
            #expect(
                try await client.reserve(dataset: Fixture.dataset, tag: tag, owner: "engine-3")
                    == .cached(put.artifactID))
        }
    }
}
