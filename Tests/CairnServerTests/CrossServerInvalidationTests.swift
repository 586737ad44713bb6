import CairnCore
import CairnProtocol
import CairnServer
import CairnStore
import CairnTestSupport
import Foundation
import Synchronization
import Testing

/// Two servers, each with its own store, on one database: a change made through one (or in SQL)
/// reaches the other's hot cache through PostgreSQL's notifications.
@Suite struct CrossServerInvalidationTests {
    /// Runs `body` with servers A and B (ports and servers) on one fresh database, and its URL.
    func withTwoServers(
        _ body: (_ a: (Int, CatalogServer), _ b: (Int, CatalogServer), _ url: String) async throws -> Void
    ) async throws {
        try await TestDatabase.withStore { storeA, url in
            let storeB = try await CairnStore.connect(configuration: CairnStore.Configuration(databaseURL: url))
            try await withCleanup {
                try await withCatalogServer(on: storeA) { portA, serverA in
                    try await withCatalogServer(on: storeB) { portB, serverB in
                        try await body((portA, serverA), (portB, serverB), url)
                    }
                }
            } cleanup: {
                await storeB.shutdown()
            }
        }
    }

    /// Puts `value` through A, then reads it twice through B: the second read is a hot hit.
    func cachedOnB(_ a: (Int, CatalogServer), _ b: (Int, CatalogServer), value: String) async throws -> String {
        let put = try await command(a.0, "CACHE.PUT", "p/d/n/v", "t", "DATA", "o0", value)
        let id = try #require(put.elements?.first?.text)
        for _ in 0..<2 { #expect(try await command(b.0, "CACHE.GET", "p/d/n/v", "t").elements?.first?.text == id) }
        #expect(b.1.stats.value(.storeHits) == 1)
        #expect(b.1.stats.value(.hotHits) == 1)
        return id
    }

    /// Whether B answers `CACHE.GET p/d/n/v t` with null within ten seconds.
    func bForgets(_ b: (Int, CatalogServer)) async throws -> Bool {
        try await eventually { try await command(b.0, "CACHE.GET", "p/d/n/v", "t") == .null }
    }

    @Test func anEvictionThroughOneServerIsAMissOnTheOther() async throws {
        try await withTwoServers { a, b, _ in
            _ = try await cachedOnB(a, b, value: "x")
            #expect(try await command(a.0, "CACHE.EVICT", "p/d/n/v", "t") == .integer(1))
            #expect(try await bForgets(b))
            #expect(b.1.stats.value(.invalidationsReceived) == 1)
            #expect(b.1.hotCache.statistics.invalidations == 1)
        }
    }

    @Test func anOverwriteThroughOneServerIsReadFreshOnTheOther() async throws {
        try await withTwoServers { a, b, _ in
            let id = try await cachedOnB(a, b, value: "first")
            let overwrite = try await command(a.0, "CACHE.PUT", "p/d/n/v", "t", "OVERWRITE", "DATA", "o0", "second")
            #expect(overwrite.elements == [.bulkString(.init(string: id)), .bulkString(.init(string: "updated"))])
            let fresh = try await eventually {
                let reply = try await command(b.0, "CACHE.GET", "p/d/n/v", "t")
                return reply.elements?[1].elements?[1].text == "second"
            }
            #expect(fresh)
            #expect(b.1.stats.value(.invalidationsReceived) == 1)
        }
    }

    @Test func aPurgeInSQLReachesEveryServer() async throws {
        try await withTwoServers { a, b, url in
            let id = try await cachedOnB(a, b, value: "x")
            #expect(try await command(a.0, "CACHE.GET", "p/d/n/v", "t").elements?.first?.text == id)
            let purged = try await TestDatabase.scalar(
                url, "SELECT deleted FROM cairn_purge_artifacts(ARRAY['\(id)']::uuid[])")
            #expect(purged == "1")
            #expect(try await bForgets(b))
            #expect(try await eventually { try await command(a.0, "CACHE.GET", "p/d/n/v", "t") == .null })
            #expect(a.1.stats.value(.invalidationsReceived) == 1)
            #expect(b.1.stats.value(.invalidationsReceived) == 1)
        }
    }

    @Test func aTerminatedListenerReconnectsEmptiesTheHotCacheAndHearsChangesAgain() async throws {
        try await TestDatabase.withStore { store, url in
            try await withCatalogServer(on: store) { port, server in
                _ = try await command(port, "CACHE.PUT", "p/d/n/v", "t", "DATA", "o0", "x")
                _ = try await command(port, "CACHE.PUT", "p/d/n/v", "u", "DATA", "o0", "y")
                for tag in ["t", "u"] { _ = try await command(port, "CACHE.GET", "p/d/n/v", tag) }
                #expect(server.hotCache.statistics.entries == 2)
                let info = try await command(port, "INFO", "memory").text ?? ""
                #expect(info.contains("hot_cache_notifications:listening\r\n"), "\(info)")
                let terminated = try await TestDatabase.scalar(
                    url,
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        + "WHERE application_name = 'cairn-listener' AND datname = current_database()")
                #expect(terminated == "1")
                #expect(await eventually { server.stats.value(.hotCacheResyncs) == 1 })
                #expect(server.hotCache.statistics.entries == 0)
                // Cached again after the resync, then changed in SQL: the new connection hears it.
                _ = try await command(port, "CACHE.GET", "p/d/n/v", "t")
                #expect(server.hotCache.statistics.entries == 1)
                try await TestDatabase.scalar(
                    url, "SELECT cairn_purge_artifacts(ARRAY(SELECT artifact_id FROM tags WHERE name = 't'))")
                #expect(await eventually { server.hotCache.statistics.entries == 0 })
                #expect(try await command(port, "CACHE.GET", "p/d/n/v", "t") == .null)
                #expect(server.stats.value(.invalidationsReceived) == 1)
                #expect(server.stats.value(.hotCacheResyncs) == 1)
                let stats = try await command(port, "INFO", "stats").text ?? ""
                #expect(stats.contains("total_invalidations_received:1\r\n"), "\(stats)")
                #expect(stats.contains("total_hot_cache_resyncs:1\r\n"), "\(stats)")
            }
        }
    }

    @Test(arguments: [false, true])
    func withTheSwitchOffOrNoHotCacheThereIsNoListener(hotCacheOff: Bool) async throws {
        try await withServer(configure: { hotCacheOff ? ($0.hotCache.maxBytes = 0) : ($0.listensForChanges = false) }) {
            port, server in
            let info = try await command(port, "INFO", "memory").text ?? ""
            #expect(info.contains("hot_cache_notifications:off\r\n"), "\(info)")
            #expect(server.prometheusText().contains("cairn_hot_cache_notifications_listening 0.0\n"))
        }
    }
}

/// Sends one command on a connection of its own and returns the reply.
func command(_ port: Int, _ words: String...) async throws -> RESPValue {
    let reply = Reply()
    try await ReplyClient.with(port: port) { client in reply.value = try await client.send(words) }
    return reply.value
}

/// A reply carried out of ``ReplyClient/with(port:_:)``'s closure.
private final class Reply: Sendable {
    private let state = Mutex<RESPValue>(.null)
    var value: RESPValue {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
