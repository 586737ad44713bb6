import CairnClient
import CairnCore
import CairnServer
import CairnService
import CairnStore
import CairnTestSupport
import Foundation
import Synchronization
import Testing

/// `cairn serve --max-size`: the budget keeper against a real server and PostgreSQL.
@Suite struct BudgetKeeperTests {
    static let dataset = try! DatasetID(parsing: "p/d/budget/v1")

    static func client(_ port: Int) -> CairnClient {
        var configuration = CairnClient.Configuration(endpoint: .tcp(host: "127.0.0.1", port: port))
        configuration.initialBackoff = .milliseconds(1)
        configuration.requestTimeout = .seconds(60)
        return CairnClient(configuration: configuration)
    }

    /// Three items derived from the tag: a torn read (an item missing, or items of different puts)
    /// cannot match.
    static func items(_ tag: String) throws -> [DataItem] {
        [
            try .inline("a", Array(String(repeating: "A-\(tag);", count: 40).utf8)),
            try .inline("b", Array(String(repeating: "B-\(tag);", count: 20).utf8)),
            try .inline("c", Array("C-\(tag)".utf8)),
        ]
    }

    /// Whether a hit is exactly what was put under `tag`.
    static func isWhole(_ hit: CachedArtifact, _ tag: String) throws -> Bool {
        let expected = try items(tag)
        return hit.items.count == expected.count
            && zip(hit.items, expected).allSatisfy { $0 == $1 }
    }

    static func exactSize(_ url: String) async throws -> Int64 {
        Int64(try await TestDatabase.scalar(url, "SELECT coalesce(sum(total_size), 0) FROM artifacts") ?? "") ?? -1
    }

    static func keeper(_ catalog: CatalogServer, maxBytes: Int64) -> BudgetKeeper {
        var configuration = BudgetKeeper.Configuration()
        configuration.maxBytes = maxBytes
        configuration.checkInterval = .milliseconds(10)
        configuration.batchSize = 50
        return BudgetKeeper(configuration: configuration, service: catalog.service)
    }

    @Test func theBudgetHoldsUnderWritesThatExceedItKeepingTheRecentlyHitAndTearingNoRead() async throws {
        try await TestDatabase.withStore { store, url in
            // No hot cache: every lookup reads PostgreSQL, and every hit is recorded by the store.
            try await withCatalogServer(on: store, configure: { $0.hotCache.maxBytes = 0 }) { port, catalog in
                let client = Self.client(port)
                let hot = (0..<10).map { "hot\($0)" }
                for tag in hot {
                    _ = try await client.put(dataset: Self.dataset, tag: try TagName(tag), data: try Self.items(tag))
                }
                let perArtifact = try await Self.exactSize(url) / 10
                // Room for 400 artifacts; 3,000 more are written.
                let maxBytes = perArtifact * 400
                let keeper = Self.keeper(catalog, maxBytes: maxBytes)
                let load = Load()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await keeper.run() }
                    for reader in 0..<2 {
                        group.addTask {
                            let readerClient = Self.client(port)
                            var generator = SeededGenerator(seed: UInt64(reader + 1))
                            while !load.done.load(ordering: .acquiring) {
                                let count = load.written.load(ordering: .acquiring)
                                guard count > 0 else {
                                    await Task.yield()
                                    continue
                                }
                                let tag = "t\(Int.random(in: 0..<count, using: &generator))"
                                if let hit = try await readerClient.get(dataset: Self.dataset, tag: try TagName(tag)) {
                                    load.hits.add(1, ordering: .relaxed)
                                    if !(try Self.isWhole(hit, tag)) { load.torn.withLock { $0.append(tag) } }
                                } else {
                                    load.misses.add(1, ordering: .relaxed)
                                }
                            }
                            await readerClient.close()
                        }
                    }
                    group.addTask {
                        defer { load.done.store(true, ordering: .releasing) }
                        for round in 0..<30 {
                            try await withThrowingTaskGroup(of: Void.self) { puts in
                                for index in (round * 100)..<(round * 100 + 100) {
                                    puts.addTask {
                                        _ = try await client.put(
                                            dataset: Self.dataset, tag: try TagName("t\(index)"),
                                            data: try Self.items("t\(index)"))
                                    }
                                }
                                try await puts.waitForAll()
                            }
                            load.written.store(round * 100 + 100, ordering: .releasing)
                            // The hot set is used after every 100 puts: it stays the most recently hit.
                            for tag in hot {
                                let hit = try await client.get(dataset: Self.dataset, tag: try TagName(tag))
                                #expect(hit != nil, "\(tag) was evicted after round \(round)")
                            }
                            try await store.flushHits()
                        }
                    }
                    // The writer and the readers, then the keeper until it has caught up.
                    for _ in 0..<3 { try await group.next() }
                    #expect(
                        try await eventually(within: .seconds(60)) { try await Self.exactSize(url) <= maxBytes },
                        "the catalog stayed over its budget")
                    group.cancelAll()
                }
                #expect(load.torn.withLock { $0 }.isEmpty, "torn reads: \(load.torn.withLock { $0 })")
                #expect(load.hits.load(ordering: .relaxed) > 0 && load.misses.load(ordering: .relaxed) > 0)
                let remaining = try await TestDatabase.count(url, "SELECT count(*) FROM artifacts")
                let evicted = catalog.stats.evictions(.budget)
                #expect(evicted == 3_010 - remaining && evicted >= 2_600)
                for tag in hot {
                    #expect(try await client.get(dataset: Self.dataset, tag: try TagName(tag)) != nil, "\(tag)")
                }
                let info = try await client.info(section: "stats")
                #expect(info.contains("evictions_budget:\(evicted)\r\n"), "\(info)")
                #expect(info.contains("evictions_ttl:0\r\n") && info.contains("evictions_purge:0\r\n"))
                #expect(catalog.prometheusText().contains("cairn_evictions_total{cause=\"budget\"} \(evicted)\n"))
                let storeInfo = try await client.info(section: "store")
                await client.close()
                #expect(storeInfo.contains("max_size:\(maxBytes)\r\n"), "\(storeInfo)")
            }
        }
    }

    @Test func writesWaitForEvictionsSoTheBudgetIsPassedByOneBatchAtMostHoweverSlowTheKeeper() async throws {
        try await TestDatabase.withStore { store, url in
            try await withCatalogServer(on: store) { port, catalog in
                let client = Self.client(port)
                for index in 100..<110 {
                    _ = try await client.put(
                        dataset: Self.dataset, tag: try TagName("t\(index)"), data: try Self.items("t\(index)"))
                }
                let perArtifact = try await Self.exactSize(url) / 10
                // A keeper that checks on its own once, at start: only writes waiting for room wake it.
                var configuration = BudgetKeeper.Configuration()
                configuration.maxBytes = perArtifact * 40
                configuration.checkInterval = .seconds(3600)
                configuration.batchSize = 10
                let keeper = BudgetKeeper(configuration: configuration, service: catalog.service)
                let sampler = SizeSampler()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await keeper.run() }
                    group.addTask {
                        while !sampler.done.load(ordering: .acquiring) {
                            let size = try await Self.exactSize(url)
                            sampler.largest.withLock { $0 = max($0, size) }
                        }
                    }
                    // 400 artifacts (tags of one length, so one size), 50 at a time.
                    for round in 0..<8 {
                        try await withThrowingTaskGroup(of: Void.self) { puts in
                            for index in (200 + round * 50)..<(250 + round * 50) {
                                puts.addTask {
                                    _ = try await client.put(
                                        dataset: Self.dataset, tag: try TagName("t\(index)"),
                                        data: try Self.items("t\(index)"))
                                }
                            }
                            try await puts.waitForAll()
                        }
                    }
                    sampler.done.store(true, ordering: .releasing)
                    group.cancelAll()
                }
                await client.close()
                let final = try await Self.exactSize(url)
                let bound = perArtifact * (40 + 10)
                #expect(sampler.largest.withLock { $0 } <= bound, "passed the budget by more than one batch")
                #expect(final <= bound)
                #expect(catalog.stats.evictions(.budget) >= 400 + 10 - 50)
            }
        }
    }

    @Test func ofTwoServersOnOneDatabaseOneEvictsARoundAndTheOtherFindsItDone() async throws {
        try await TestDatabase.withStore { store, url in
            try await withCatalogServer(on: store) { _, first in
                try await withCatalogServer(on: store) { port, second in
                    let client = Self.client(port)
                    // Tags of one length: every artifact has the same size.
                    for index in 10..<60 {
                        _ = try await client.put(
                            dataset: Self.dataset, tag: try TagName("t\(index)"), data: try Self.items("t\(index)"))
                    }
                    await client.close()
                    let maxBytes = try await Self.exactSize(url) / 50 * 20
                    let (keeperA, keeperB) = (
                        Self.keeper(first, maxBytes: maxBytes), Self.keeper(second, maxBytes: maxBytes)
                    )
                    let rounds = try await Blocking.run {
                        let holder = try MaintenanceConnection(databaseURL: url)
                        let (a, b) = (
                            try MaintenanceConnection(databaseURL: url), try MaintenanceConnection(databaseURL: url)
                        )
                        // While another holds the round's lock, a check evicts nothing.
                        #expect(try holder.tryAdvisoryLock(BudgetKeeper.lockKey))
                        let blocked = try keeperB.check(on: b)
                        try holder.advisoryUnlock(BudgetKeeper.lockKey)
                        let round = try keeperA.check(on: a)
                        // Below the budget now: the other server's check has nothing to do.
                        let after = try keeperB.check(on: b)
                        return (blocked, round, after)
                    }
                    #expect(rounds.0 == nil && rounds.2 == nil)
                    let round = try #require(rounds.1)
                    let remaining = try await TestDatabase.count(url, "SELECT count(*) FROM artifacts")
                    #expect(round.evicted == Int64(50 - remaining))
                    // Down to the low-water mark (90% of 20 artifacts' size): 18 stay.
                    #expect(remaining == 18)
                    #expect(first.stats.evictions(.budget) == 50 - remaining && second.stats.evictions(.budget) == 0)
                    #expect(try await Self.exactSize(url) <= maxBytes / 10 * 9)
                    // CACHE.EXPLAIN says why these keys went.
                    #expect(
                        try await TestDatabase.count(url, "SELECT count(*) FROM cache_removals WHERE cause = 'budget'")
                            == 50 - remaining)
                }
            }
        }
    }

    @Test func configurationOutsideItsRangesIsRefusedNamingTheSetting() {
        var configuration = BudgetKeeper.Configuration()
        configuration.maxBytes = 0
        #expect(throws: CairnError.self) { try configuration.validate() }
        configuration.maxBytes = 1 << 20
        configuration.lowWater = 1.5
        let error = #expect(throws: CairnError.self) { try configuration.validate() }
        #expect(error?.message.contains("max size low water") == true, "\(String(describing: error))")
    }
}

/// The largest catalog size seen while writes run.
private final class SizeSampler: Sendable {
    let largest = Mutex<Int64>(0)
    let done = Atomic<Bool>(false)
}

/// What the writer and the readers of a load share.
private final class Load: Sendable {
    /// Tags `t0..<written` have been put.
    let written = Atomic<Int>(0)
    let done = Atomic<Bool>(false)
    let hits = Atomic<Int>(0)
    let misses = Atomic<Int>(0)
    /// Tags whose hit was not exactly what was put.
    let torn = Mutex<[String]>([])
}
