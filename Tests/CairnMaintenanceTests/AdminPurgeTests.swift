import CairnClient
import CairnCore
import CairnProtocol
import CairnServer
import CairnStore
import CairnTestSupport
import Foundation
import Synchronization
import Testing

/// `ADMIN.PURGE` through a real server: who may run it, the hot cache, and live traffic.
@Suite struct AdminPurgeTests {
    static let passwords = Passwords(reader: "r-secret", writer: "w-secret", admin: "a-secret")
    static let dataset = try! DatasetID(parsing: "p/d/live/v1")

    static func client(_ port: Int, user: String? = "admin", password: String? = "a-secret") -> CairnClient {
        var configuration = CairnClient.Configuration(endpoint: .tcp(host: "127.0.0.1", port: port))
        configuration.user = user
        configuration.password = password
        configuration.initialBackoff = .milliseconds(1)
        return CairnClient(configuration: configuration)
    }

    /// Two items derived from the tag: a torn read (one item without the other, or items of
    /// different puts) cannot match.
    static func items(_ tag: String) throws -> [DataItem] {
        [
            try .inline("a", Array(String(repeating: "A-\(tag);", count: 100).utf8)),
            try .inline("b", Array("B-\(tag)".utf8)),
        ]
    }

    /// The server's blob store reaches the purge's collector: its objects go; without one they stay
    /// queued for a sweeper or a purge that knows the directory.
    @Test(arguments: [true, false])
    func anAdminPurgeDeletesObjectsOfTheServersBlobStore(configured: Bool) async throws {
        try await PurgeFixture.with { fixture in
            let blob = try await fixture.blobs.putOnThread(Array("purged with its artifact".utf8))
            try await fixture.put("p/d/live/v1", "one", blobs: [blob])
            let configure: (inout CatalogServer.Configuration) -> Void = {
                $0.passwords = Self.passwords
                $0.maintenance.collector.grace = .zero
                if configured { $0.blobStore = fixture.blobs }
            }
            try await withCatalogServer(on: fixture.store, configure: configure) { port, _ in
                var selection = PurgeSelection()
                selection.dataset = Self.dataset
                let admin = Self.client(port)
                let summary = try await admin.purge(selection)
                await admin.close()
                #expect(summary.artifacts == 1 && summary.blobObjects == 1)
                #expect(summary.blobsDeleted == (configured ? 1 : 0))
                let object = fixture.blobs.path(of: blob.sha256)
                #expect(FileManager.default.fileExists(atPath: object) == !configured)
                #expect(try await fixture.count("blob_deletions") == (configured ? 0 : 1))
            }
        }
    }

    @Test func readersAndWritersAreRefusedAndAnAdminPurges() async throws {
        try await PurgeFixture.with { fixture in
            try await fixture.put("p/d/live/v1", "one")
            try await withCatalogServer(on: fixture.store, configure: { $0.passwords = Self.passwords }) { port, _ in
                var selection = PurgeSelection()
                selection.dataset = Self.dataset
                for (user, password) in [("reader", "r-secret"), ("writer", "w-secret")] {
                    let client = Self.client(port, user: user, password: password)
                    let refused = await #expect(throws: CairnClientError.self) {
                        try await client.purge(selection, dryRun: true)
                    }
                    #expect(refused?.prefix == .noPerm)
                    #expect(refused?.message == "User \(user) has no permissions to run the 'admin.purge' command")
                    await client.close()
                }
                let admin = Self.client(port)
                let dry = try await admin.purge(selection, dryRun: true)
                #expect(dry.dryRun && dry.artifacts == 1 && dry.inlineBytes == 100)
                #expect(try await fixture.count("artifacts") == 1)
                let real = try await admin.purge(selection, batchSize: 1)
                #expect(!real.dryRun && real.artifacts == 1 && real.batches == 1)
                #expect(try await fixture.count("artifacts") == 0)
                let bad = await #expect(throws: CairnClientError.self) {
                    try await admin.send(["ADMIN.PURGE", "DRYRUN"])
                }
                #expect(bad?.message.hasPrefix("selection: is empty") == true, "\(String(describing: bad))")
                await admin.close()
            }
        }
    }

    @Test func thePurgingServersHotCacheDropsPurgedEntriesAtOnce() async throws {
        try await PurgeFixture.with { fixture in
            // Notifications off: what is tested is the purging server's own, immediate drop, not
            // the notification that reaches every server a moment later.
            try await withCatalogServer(on: fixture.store, configure: { $0.listensForChanges = false }) {
                port, server in
                let client = Self.client(port, user: nil, password: nil)
                let tag = try TagName("hot")
                _ = try await client.put(dataset: Self.dataset, tag: tag, data: try Self.items("hot"))
                #expect(try await client.get(dataset: Self.dataset, tag: tag) != nil)
                #expect(try await client.get(dataset: Self.dataset, tag: tag) != nil)
                #expect(server.hotCache.statistics.entries == 1)
                var selection = PurgeSelection()
                selection.tag = tag
                #expect(try await client.purge(selection).artifacts == 1)
                #expect(try await client.get(dataset: Self.dataset, tag: tag) == nil)
                await client.close()
            }
        }
    }

    @Test func purgingUnderEightBusyClientsGivesMissesButNoErrorsAndNoTornReads() async throws {
        try await PurgeFixture.with { fixture in
            try await withCatalogServer(on: fixture.store) { port, _ in
                let shared = BusyCounters()
                let tags = (0..<100).map { "t\($0)" }
                let (errors, purged) = try await withThrowingTaskGroup(of: [String].self) { group in
                    for worker in 0..<8 {
                        group.addTask {
                            let client = Self.client(port, user: nil, password: nil)
                            var errors: [String] = []
                            var n = worker
                            while !shared.stop.load(ordering: .relaxed) {
                                n += 7
                                let tag = tags[n % tags.count]
                                do {
                                    if n % 3 == 0 {
                                        _ = try await client.put(
                                            dataset: Self.dataset, tag: try TagName(tag), data: try Self.items(tag))
                                    } else if let hit = try await client.get(
                                        dataset: Self.dataset, tag: try TagName(tag))
                                    {
                                        shared.hits.add(1, ordering: .relaxed)
                                        if hit.items != (try Self.items(tag)) { errors.append("torn read of \(tag)") }
                                    } else {
                                        shared.misses.add(1, ordering: .relaxed)
                                    }
                                } catch {
                                    errors.append("\(error)")
                                }
                            }
                            await client.close()
                            return errors
                        }
                    }
                    // At least eight purges, and on until the clients have seen both hits and misses.
                    let admin = Self.client(port, user: nil, password: nil)
                    var purged: Int64 = 0
                    var selection = PurgeSelection()
                    selection.dataset = Self.dataset
                    for round in 0..<200 {
                        try await Task.sleep(for: .milliseconds(250))
                        purged += try await admin.purge(selection, batchSize: 7).artifacts
                        let seen =
                            shared.hits.load(ordering: .relaxed) > 0 && shared.misses.load(ordering: .relaxed) > 0
                        if round >= 7, seen, purged > 0 { break }
                    }
                    await admin.close()
                    shared.stop.store(true, ordering: .relaxed)
                    var errors: [String] = []
                    for try await result in group { errors += result }
                    return (errors, purged)
                }
                #expect(errors.isEmpty, "\(errors.prefix(5))")
                #expect(shared.hits.load(ordering: .relaxed) > 0 && shared.misses.load(ordering: .relaxed) > 0)
                #expect(purged > 0)
            }
        }
    }
}

/// What the busy clients share: a stop flag and their hit and miss counts.
final class BusyCounters: Sendable {
    let stop = Atomic<Bool>(false)
    let hits = Atomic<Int>(0)
    let misses = Atomic<Int>(0)
}
