import CairnCore
import Foundation
import NIOCore
import Testing

@testable import CairnProtocol

/// Each definition's shape, both ways, with no server: what a client writes parses back to the same
/// command, and a reply the server writes reads back to the same value, in RESP2 and RESP3.
@Suite struct CommandDefinitionRoundTripTests {
    static let dataset = try! DatasetID(parsing: "proj/dev/task-a/v1")
    static let tag = try! TagName("3f9a")
    static let id = try! ArtifactID(parsing: "8e0e1f6c-2d0a-4d3c-9b1e-5b8f3f0c2a11")
    static let blob = try! BlobReference(
        uri: "s3://bucket/k", size: 12, sha256: SHA256Digest(hex: String(repeating: "ab", count: 32)))
    static let hit = CachedArtifact(
        id: id, items: [try! .inline("o0", Array("42".utf8)), try! DataItem(name: "big", value: .blob(blob))],
        metadata: ["task": "a"], createdAt: Date(unixMilliseconds: 1_795_233_672_674),
        expiresAt: Date(unixMilliseconds: 1_795_237_272_674), blobs: [blob])

    /// Client encode → server parse: the command parsed from the definition's own request.
    private func parsed<Definition: CommandDefinition>(_ definition: Definition) throws -> Command {
        var wire = ByteBuffer()
        definition.request.write(to: &wire)
        var decoder = RESPRequestDecoder()
        let request = try #require(try decoder.decode(buffer: &wire))
        return try Command.parse(request)
    }

    /// Server reply → client decode, through the bytes of both dialects.
    private func replies<Definition: CommandDefinition>(
        _ definition: Definition, _ reply: Definition.Reply
    ) throws -> [Definition.Reply] {
        try [RESPVersion.resp2, .resp3].map { version in
            var bytes = Definition.encodeReply(reply).encoded(version: version)
            var decoder = RESPReplyDecoder()
            return try definition.decodeReply(try #require(try decoder.decode(buffer: &bytes)))
        }
    }

    @Test func cacheGetAndMGet() throws {
        let get = CacheGet(dataset: Self.dataset, tag: Self.tag)
        guard case .cacheGet(let back) = try parsed(get) else { throw CommandError("not CACHE.GET") }
        #expect(back == get)
        #expect(try replies(get, Self.hit) == [Self.hit, Self.hit])
        #expect(try replies(get, nil) == [nil, nil])

        let mget = CacheMGet(keys: [get, CacheGet(dataset: Self.dataset, tag: try TagName("other"))])
        guard case .cacheMGet(let mgetBack) = try parsed(mget) else { throw CommandError("not CACHE.MGET") }
        #expect(mgetBack == mget)
        #expect(try replies(mget, [Self.hit, nil]) == [[Self.hit, nil], [Self.hit, nil]])
    }

    @Test func cachePutWithEveryOption() throws {
        let put = CachePut(
            dataset: Self.dataset, tag: Self.tag, data: [try .inline("o0", [0, 255, 13, 10])], ttl: .seconds(3600),
            metadata: ["task": "a", "run": "7"], blobs: [Self.blob], fencingToken: 12, overwrite: true)
        guard case .cachePut(let back) = try parsed(put) else { throw CommandError("not CACHE.PUT") }
        #expect(back == put)
        let result = PutResult(artifactID: Self.id, outcome: .updated)
        #expect(try replies(put, result) == [result, result])
        // A fraction of a second is sent rounded up: the server stores whole seconds.
        var fractional = put
        fractional.ttl = .milliseconds(1500)
        guard case .cachePut(let rounded) = try parsed(fractional) else { throw CommandError("not CACHE.PUT") }
        #expect(rounded.ttl == .seconds(2))
    }

    @Test func evictReserveAndRelease() throws {
        let evict = CacheEvict(dataset: Self.dataset, tag: Self.tag)
        guard case .cacheEvict(let evictBack) = try parsed(evict) else { throw CommandError("not CACHE.EVICT") }
        #expect(evictBack == evict)
        #expect(try replies(evict, true) == [true, true])

        let reserve = CacheReserve(dataset: Self.dataset, tag: Self.tag, owner: "engine-1/node-4", lease: .seconds(30))
        guard case .cacheReserve(let reserveBack) = try parsed(reserve) else { throw CommandError("not RESERVE") }
        #expect(reserveBack == reserve)
        let reservation = Reservation(
            dataset: Self.dataset, tag: Self.tag, owner: "engine-1/node-4",
            expiresAt: Date(unixMilliseconds: 1_795_233_702_674), fencingToken: 7)
        for outcome in [ReservationOutcome.acquired(reservation), .held(reservation), .cached(Self.id)] {
            #expect(try replies(reserve, outcome) == [outcome, outcome])
        }

        let release = CacheRelease(dataset: Self.dataset, tag: Self.tag, owner: "engine-1/node-4")
        guard case .cacheRelease(let releaseBack) = try parsed(release) else { throw CommandError("not RELEASE") }
        #expect(releaseBack == release)
        #expect(try replies(release, false) == [false, false])
    }

    @Test func repliesOfAnotherShapeAreUnexpected() {
        let get = CacheGet(dataset: Self.dataset, tag: Self.tag)
        #expect(throws: UnexpectedReply.self) { try get.decodeReply(.integer(1)) }
        let mget = CacheMGet(keys: [get, get])
        #expect(throws: UnexpectedReply.self) { try mget.decodeReply(.array([.null])) }
        #expect(throws: UnexpectedReply.self) {
            try CacheEvict(dataset: Self.dataset, tag: Self.tag).decodeReply(.integer(2))
        }
        #expect(throws: UnexpectedReply.self) {
            try CachePut(dataset: Self.dataset, tag: Self.tag, data: []).decodeReply(
                .array([.bulk("x"), .bulk("made")]))
        }
    }
}
