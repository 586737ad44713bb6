import CairnProtocol
import CairnServer
import CairnStore
import CairnTestSupport
import Testing

/// What a PostgreSQL restart does to a running server, without restarting the shared test server:
/// every backend of the server's database is terminated, the listener's and the pool's alike.
@Suite struct PostgresRestartServerTests {
    @Test func aHotKeyIsStillAnsweredAfterTheListenersResyncWhileThePoolsConnectionsWereLost() async throws {
        try await TestDatabase.withStore({ $0.connections = 2 }) { store, url in
            try await withCatalogServer(on: store) { port, server in
                try await ReplyClient.with(port: port) { client in
                    let put = try await client.send("CACHE.PUT", "p/d/n/v", "t", "DATA", "o0", "x")
                    let id = try #require(put.elements?.first?.text)
                    for _ in 0..<2 {
                        #expect(try await client.send("CACHE.GET", "p/d/n/v", "t").elements?.first?.text == id)
                    }
                    #expect(server.stats.value(.hotHits) == 1)
                    // Waits for each backend to exit, so that every socket is closed before the next request.
                    let terminated = try await TestDatabase.count(
                        url,
                        "SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity "
                            + "WHERE datname = current_database() AND pid <> pg_backend_pid()")
                    #expect(terminated >= 2, "the listener and at least one pool connection")
                    #expect(await eventually { server.stats.value(.hotCacheResyncs) == 1 })
                    #expect(server.hotCache.statistics.entries == 0)
                    for _ in 0..<4 {
                        let get = try await client.send("CACHE.GET", "p/d/n/v", "t")
                        #expect(get.elements?.first?.text == id, "\(get)")
                    }
                    let created = try await client.send("CACHE.PUT", "p/d/n/v", "u", "DATA", "o0", "y")
                    #expect(created.elements?.last == .bulk("created"), "\(created)")
                    #expect(server.stats.value(.hotHits) > 1, "hot again once the store has answered")
                }
            }
        }
    }
}
