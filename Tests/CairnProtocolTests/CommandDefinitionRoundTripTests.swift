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
            var bytes = definition.encodeReply(reply).encoded(version: version)
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
            metadata: ["task": "a", "run": "7"], blobs: [Self.blob], fencingToken: 12, overwrite: true,
            sliding: true,
            inputs: [
                InputDigest(name: "x", digest: SHA256Digest.of([1]), preview: "1"),
                InputDigest(name: "big", digest: SHA256Digest.of([2])),
            ])
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

    @Test func cacheExplainWithInputsAndEveryReplyField() throws {
        let explain = CacheExplain(
            dataset: Self.dataset, tag: Self.tag,
            inputs: [InputDigest(name: "a=b", digest: SHA256Digest.of([1])), InputDigest(name: "y", digest: .of([2]))])
        guard case .cacheExplain(let back) = try parsed(explain) else { throw CommandError("not CACHE.EXPLAIN") }
        #expect(back == explain)
        let differs = CacheExplanation(
            cause: .differs,
            nearest: .init(
                dataset: Self.dataset, artifact: Self.id, createdAt: Date(unixMilliseconds: 1_000), sharedInputs: 1,
                metadata: ["cairn.node": "n1"]),
            differences: [
                .init(kind: "input_changed", name: "y", old: "aa", new: "bb", oldPreview: "1", newPreview: nil),
                .init(kind: "cache_version", old: "1", new: "2"),
            ], inputCount: 2)
        let removed = CacheExplanation(
            cause: .removed, artifact: Self.id, createdAt: Date(unixMilliseconds: 5), expiresAt: nil,
            removedAt: Date(unixMilliseconds: 9), removedBy: "purge")
        #expect(try replies(explain, differs) == [differs, differs])
        #expect(try replies(explain, removed) == [removed, removed])
        for bad in ["y", "=00", "y=zz", "y=\(String(repeating: "0", count: 63))"] {
            var arguments = Arguments(ArraySlice(["proj/dev/t/v1", "tag", bad].map { ByteBuffer(string: $0) }))
            #expect(throws: CommandError.self, "\(bad)") { try CacheExplain(from: &arguments) }
        }
        var twice = Arguments(
            ArraySlice(
                ["proj/dev/t/v1", "tag", "y=" + SHA256Digest.of([1]).hex, "y=" + SHA256Digest.of([2]).hex].map {
                    ByteBuffer(string: $0)
                }))
        #expect(throws: CommandError.self) { try CacheExplain(from: &twice) }
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

    static let dataset1 = Dataset(
        id: dataset, metadata: ["owner": "me"], partitionKeys: ["day"],
        createdAt: Date(unixMilliseconds: 1_795_000_000_000))
    static let artifact = Artifact(
        id: id, dataset: dataset, items: hit.items, blobs: [blob], metadata: ["m": "1"], partitions: ["day": "mon"],
        tags: ["3f9a", "latest"], createdAt: Date(unixMilliseconds: 1_795_233_672_674),
        updatedAt: Date(unixMilliseconds: 1_795_233_672_999), expiresAt: nil,
        lastHitAt: Date(unixMilliseconds: 1_795_233_673_000), hitCount: 3, size: 14,
        checksum: try! SHA256Digest(hex: String(repeating: "cd", count: 32)))

    /// The definition parsed back from its own request, as the catalog case it becomes.
    private func catalog<Definition: CommandDefinition>(_ definition: Definition) throws -> CatalogCommand {
        guard case .catalog(let command) = try parsed(definition) else { throw CommandError("not a catalog command") }
        return command
    }

    @Test func datasetCommands() throws {
        let create = DatasetCreate(dataset: Self.dataset, metadata: ["owner": "me"], partitionKeys: ["day", "region"])
        #expect(try catalog(create) == .datasetCreate(create))
        let created = DatasetCreate.DatasetCreated(dataset: Self.dataset, outcome: .exists)
        #expect(try replies(create, created) == [created, created])

        let get = DatasetGet(dataset: Self.dataset)
        #expect(try catalog(get) == .datasetGet(get))
        #expect(try replies(get, Self.dataset1) == [Self.dataset1, Self.dataset1])

        let list = DatasetList(
            filter: DatasetFilter(project: "proj", domain: "dev", namePrefix: "task-", metadata: ["owner": "ml"]),
            page: PageRequest(limit: 7, cursor: "abc"))
        #expect(try catalog(list) == .datasetList(list))
        let page = Page(items: [Self.dataset1], nextCursor: "next")
        #expect(try replies(list, page) == [page, page])
    }

    @Test func artifactCommands() throws {
        let create = ArtifactCreate(
            NewArtifact(
                id: Self.id, dataset: Self.dataset, items: [try .inline("o0", [1, 2, 3])], blobs: [Self.blob],
                metadata: ["m": "1"], partitions: ["day": "mon", "region": "eu"], tags: [Self.tag], ttl: .seconds(60)))
        #expect(try catalog(create) == .artifactCreate(create))
        #expect(try replies(create, Self.artifact) == [Self.artifact, Self.artifact])

        for reference in [ArtifactReference.id(Self.id), .tag(Self.dataset, Self.tag)] {
            let get = ArtifactGet(reference)
            #expect(try catalog(get) == .artifactGet(get))
            let update = ArtifactUpdate(
                reference: reference, data: [try .inline("o0", [9])], metadata: ["m": "2"], blobs: [Self.blob],
                expiry: .after(.seconds(30)))
            #expect(try catalog(update) == .artifactUpdate(update))
            #expect(try replies(update, Self.artifact) == [Self.artifact, Self.artifact])
        }
        let persist = ArtifactUpdate(reference: .id(Self.id), data: [try .inline("o0", [])], expiry: .never)
        #expect(try catalog(persist) == .artifactUpdate(persist))

        // A key with two values (a filter nothing matches) is sent as both conditions.
        var metadata: MetadataFilter = ["team": "ml", "stage": "prod"]
        metadata.require("team", equals: "web")
        let list = ArtifactList(
            dataset: Self.dataset,
            filter: ArtifactFilter(
                tag: Self.tag, partitions: ["day": "mon"], metadata: metadata,
                createdFrom: Date(unixMilliseconds: 1_700_000_000_000),
                createdBefore: Date(unixMilliseconds: 1_700_000_001_500), includeValues: true),
            page: PageRequest(limit: 3, cursor: "c"))
        #expect(try catalog(list) == .artifactList(list))
        let page = Page(items: [Self.artifact], nextCursor: nil)
        #expect(try replies(list, page) == [page, page])

        let delete = ArtifactDelete(id: Self.id)
        #expect(try catalog(delete) == .artifactDelete(delete))
        #expect(try replies(delete, true) == [true, true])

        let tagAdd = TagAdd(dataset: Self.dataset, tag: Self.tag, artifact: Self.id, overwrite: true)
        #expect(try catalog(tagAdd) == .tagAdd(tagAdd))
        let other = try ArtifactID(parsing: "0b8a3f4e-5c1d-4e2f-9a3b-7c6d5e4f3a2b")
        for outcome in [TagOutcome.created, .unchanged, .kept(existing: other), .moved(previous: other)] {
            #expect(try replies(tagAdd, outcome) == [outcome, outcome])
        }
    }

    @Test func adminPurge() throws {
        var selection = PurgeSelection()
        selection.project = "proj"
        selection.tag = Self.tag
        selection.artifacts = [Self.id]
        selection.createdBefore = .at(Date(timeIntervalSince1970: 1_790_000_000))
        selection.notHitSince = .ago(.seconds(86_400))
        selection.expired = true
        selection.maxTotalSize = 1 << 30
        let purge = AdminPurge(selection: selection, dryRun: true, batchSize: 50)
        guard case .adminPurge(let back) = try parsed(purge) else { throw CommandError("not ADMIN.PURGE") }
        #expect(back == purge)
        let summary = try PurgeSummary(dryRun: true, seconds: 1.5) { _ in 7 }
        #expect(try replies(purge, summary) == [summary, summary])
    }

    @Test func connectionCommands() throws {
        let ping = Ping()
        guard case .ping(let pingBack) = try parsed(ping) else { throw CommandError("not PING") }
        #expect(pingBack == ping)
        #expect(try replies(ping, ping.answer) == [ByteBuffer(string: "PONG"), ByteBuffer(string: "PONG")])
        let message = Ping(message: ByteBuffer(bytes: [0, 13, 10, 255]))
        #expect(try replies(message, message.answer) == [message.message!, message.message!])

        let echo = Echo(message: ByteBuffer(string: "hi"))
        guard case .echo(let echoBack) = try parsed(echo) else { throw CommandError("not ECHO") }
        #expect(echoBack == echo)

        guard case .select(let select) = try parsed(Select(index: 0)) else { throw CommandError("not SELECT") }
        #expect(select.index == 0)
        #expect(try replies(select, OK()) == [OK(), OK()])

        for auth in [Auth(password: "pw"), Auth(user: "reader", password: "pw")] {
            guard case .auth(let back) = try parsed(auth) else { throw CommandError("not AUTH") }
            #expect(back == auth)
        }

        let hello = Hello(version: .resp3, auth: Auth(user: "writer", password: "pw"), name: "engine-1")
        guard case .hello(let helloBack) = try parsed(hello) else { throw CommandError("not HELLO") }
        #expect(helloBack == hello)
        let described = Hello.Reply(version: "0.1.0", proto: 3, id: 42)
        #expect(try replies(hello, described) == [described, described])

        let subcommands: [(ClientCommand.Subcommand, ClientCommand.Reply)] = [
            (.setName("engine-1"), .ok), (.getName, .name("engine-1")), (.getName, .name(nil)), (.id, .id(7)),
            (.setInfo(.libraryName, "redis-py"), .ok), (.setInfo(.libraryVersion, "5.0.1"), .ok),
        ]
        for (subcommand, reply) in subcommands {
            let client = ClientCommand(subcommand)
            guard case .client(let back) = try parsed(client) else { throw CommandError("not CLIENT") }
            #expect(back == client)
            #expect(try replies(client, reply) == [reply, reply])
        }

        for query in [CommandQuery.Query.all, .count, .docs(["CACHE.GET"]), .info(["PING", "NOPE"])] {
            let command = CommandQuery(query)
            guard case .command(let back) = try parsed(command) else { throw CommandError("not COMMAND") }
            #expect(back == command)
        }
        guard case .array(let entries) = CommandQuery(.info(["CACHE.GET", "NOPE"])).answer, entries.count == 2,
            case .array(let entry) = entries[0]
        else { throw CommandError("COMMAND INFO is not two entries") }
        #expect(entry.prefix(2) == [.bulk("cache.get"), .integer(3)] && entries[1] == .null)

        let info = Info(sections: ["Server", "stats"])
        guard case .info(let infoBack) = try parsed(info) else { throw CommandError("not INFO") }
        #expect(infoBack.sections == ["server", "stats"])
        #expect(try replies(info, "# Server\r\n") == ["# Server\r\n", "# Server\r\n"])
    }

    @Test func commandNamesAreUnique() {
        #expect(Set(CommandTable.all.map(\.name)).count == CommandTable.all.count)
    }

    @Test func whatTheWireCannotCarryIsRefusedBeforeSending() throws {
        let blobItem = try DataItem(name: "big", value: .blob(Self.blob))
        let refused: [any CommandDefinition] = [
            CachePut(dataset: Self.dataset, tag: Self.tag, data: []),
            CachePut(dataset: Self.dataset, tag: Self.tag, data: [blobItem]),
            CachePut(dataset: Self.dataset, tag: Self.tag, data: [try .inline("o0", [1])], ttl: .seconds(-1)),
            CachePut(dataset: Self.dataset, tag: Self.tag, data: [try .inline("o0", [1])], sliding: true),
            ArtifactCreate(NewArtifact(dataset: Self.dataset, items: [blobItem])),
            ArtifactUpdate(reference: .id(Self.id), data: [try DataItem(name: "o0", value: .omitted(size: 3))]),
            ArtifactUpdate(reference: .id(Self.id), data: [try .inline("o0", [1])], expiry: .after(.zero)),
            AdminPurge(selection: PurgeSelection()),
        ]
        for definition in refused {
            #expect(throws: CairnError.self, "\(definition)") { try definition.validate() }
        }
        try CachePut(dataset: Self.dataset, tag: Self.tag, data: [try .inline("o0", [1])], blobs: [Self.blob])
            .validate()
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
