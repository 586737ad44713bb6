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
            try await withCatalogServer(on: fixture.store) { port, server in
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
                let stop = StopFlag()
                let tags = (0..<100).map { "t\($0)" }
                let counts = try await withThrowingTaskGroup(of: (hits: Int, misses: Int, errors: [String]).self) {
                    group in
                    for worker in 0..<8 {
                        group.addTask {
                            let client = Self.client(port, user: nil, password: nil)
                            defer { Task { await client.close() } }
                            var (hits, misses, errors) = (0, 0, [String]())
                            var n = worker
                            while !stop.value.load(ordering: .relaxed) {
                                n += 7
                                let tag = tags[n % tags.count]
                                do {
                                    if n % 3 == 0 {
                                        _ = try await client.put(
                                            dataset: Self.dataset, tag: try TagName(tag), data: try Self.items(tag))
                                    } else if let hit = try await client.get(
                                        dataset: Self.dataset, tag: try TagName(tag))
                                    {
                                        hits += 1
                                        if hit.items != (try Self.items(tag)) { errors.append("torn read of \(tag)") }
                                    } else {
                                        misses += 1
                                    }
                                } catch {
                                    errors.append("\(error)")
                                }
                            }
                            return (hits, misses, errors)
                        }
                    }
                    let admin = Self.client(port, user: nil, password: nil)
                    var purged: Int64 = 0
                    var selection = PurgeSelection()
                    selection.dataset = Self.dataset
                    for _ in 0..<8 {
                        try await Task.sleep(for: .milliseconds(250))
                        purged += try await admin.purge(selection, batchSize: 7).artifacts
                    }
                    await admin.close()
                    stop.value.store(true, ordering: .relaxed)
                    var total: (hits: Int, misses: Int, errors: [String], purged: Int64) = (0, 0, [], purged)
                    for try await result in group {
                        total.hits += result.hits
                        total.misses += result.misses
                        total.errors += result.errors
                    }
                    return total
                }
                #expect(counts.errors.isEmpty, "\(counts.errors.prefix(5))")
                #expect(counts.hits > 0 && counts.misses > 0)
                #expect(counts.purged > 0)
            }
        }
    }
}

/// Tells the busy clients to stop.
final class StopFlag: Sendable {
    let value = Atomic<Bool>(false)
}
