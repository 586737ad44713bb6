import CairnProtocol
import CairnServer
import CairnStore
import CairnTestSupport
import Logging
import Testing

/// PostgreSQL stopped under a running server (a private cluster, never the shared test server):
/// store commands fail fast with `UNAVAILABLE`, the server and its hot cache keep answering, and
/// the same connection is served again once PostgreSQL is back, without a restart.
///
/// "Fast" is told apart from "waited for a timeout" without timing anything: the store's timeouts
/// are longer than the test's time limit, so a command that waited on PostgreSQL instead of failing
/// at once would hold the test past its limit.
@Suite struct OutageServerTests {
    @Test(.timeLimit(.minutes(5)))
    func storeCommandsAnswerUnavailableWhilePostgresIsDownAndTheSameConnectionRecovers() async throws {
        let configure: (inout CairnStore.Configuration) -> Void = {
            $0.connectTimeout = 900
            $0.requestTimeout = .seconds(900)
        }
        try await withEmbeddedStore(configure: configure) { embedded, store in
            try await withCatalogServer(on: store) { port, _ in
                try await ReplyClient.with(port: port) { client in try await Self.outage(&client, embedded) }
            }
        }
    }

    static func outage(_ client: inout ReplyClient, _ embedded: EmbeddedPostgres) async throws {
        let put = try await client.send("CACHE.PUT", "p/d/n/v", "hot", "DATA", "o0", "42")
        let id = try #require(put.elements?.first?.text)
        let hit = try await client.send("CACHE.GET", "p/d/n/v", "hot")  // read from the store: now in the hot cache
        #expect(hit.elements?.first?.text == id)

        try await Blocking.run { try embedded.stop() }
        for round in 0..<3 {
            let get = try await client.send("CACHE.GET", "p/d/n/v", "cold")
            let write = try await client.send("CACHE.PUT", "p/d/n/v", "new\(round)", "DATA", "o0", "1")
            let evict = try await client.send("CACHE.EVICT", "p/d/n/v", "cold")
            for reply in [get, write, evict] {
                guard case .error(let message) = reply, message.hasPrefix("UNAVAILABLE ") else {
                    Issue.record("expected -UNAVAILABLE …, got \(reply)")
                    continue
                }
            }
            // A hot-cache hit needs no PostgreSQL: it is still served (docs/protocol.md).
            #expect(try await client.send("CACHE.GET", "p/d/n/v", "hot") == hit)
            #expect(try await client.send("PING") == .simpleString("PONG"))
        }

        try await Blocking.run { try embedded.start() }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(15)
        var miss = try await client.send("CACHE.GET", "p/d/n/v", "cold")
        while miss != .null, clock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            miss = try await client.send("CACHE.GET", "p/d/n/v", "cold")
        }
        #expect(miss == .null, "CACHE.GET answers again within 15 s of PostgreSQL's return")
        let created = try await client.send("CACHE.PUT", "p/d/n/v", "after", "DATA", "o0", "7")
        #expect(created.elements?.last == .bulk("created"))
        let after = try await client.send("CACHE.GET", "p/d/n/v", "after")
        #expect(after.elements?[1] == .array([.bulk("o0"), .bulk("7")]))
        #expect(try await client.send("CACHE.EVICT", "p/d/n/v", "hot") == .integer(1))
        #expect(try await client.send("CACHE.GET", "p/d/n/v", "hot") == .null)
    }
}
