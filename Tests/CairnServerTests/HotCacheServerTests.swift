import CairnCore
import CairnServer
import CairnService
import Foundation
import Testing

@Suite struct HotCacheServerTests {
    @Test func aSecondGetIsServedHotAndAnOverwriteIsSeenAtOnce() async throws {
        try await withServer(configure: { _ in }) { port, server in
            // Pipelined reads of one connection run concurrently: the reads come in separate batches.
            let (first, _) = try await RawClient.connect(port: port).exchange(
                "CACHE.PUT p/d/n/v t DATA o first\r\nCACHE.GET p/d/n/v t\r\nQUIT\r\n", expecting: 100_000)
            let (second, _) = try await RawClient.connect(port: port).exchange(
                "CACHE.GET p/d/n/v t\r\nCACHE.PUT p/d/n/v t OVERWRITE DATA o second\r\nCACHE.GET p/d/n/v t\r\nQUIT\r\n",
                expecting: 100_000)
            let reply = first + second
            #expect(server.stats.value(.storeHits) == 2)  // the first read, and the read after the overwrite
            #expect(server.stats.value(.hotHits) == 1)
            #expect(server.stats.value(.putsUpdated) == 1)
            let hits = reply.components(separatedBy: "*6\r\n").dropFirst()
            #expect(hits.count == 3)
            #expect(hits.prefix(2).allSatisfy { $0.contains("$5\r\nfirst\r\n") })
            #expect(hits.last?.contains("$6\r\nsecond\r\n") == true)
        }
    }

    @Test func anEntryAnotherFrontEndFilledIsAnsweredInBothDialects() async throws {
        // A gRPC or Connect lookup fills the hot cache with the hit only; a RESP hit on that entry
        // encodes it then, and must answer exactly what a store hit would.
        try await withServer(configure: { _ in }) { port, server in
            let (stored, _) = try await RawClient.connect(port: port).exchange(
                "CACHE.PUT p/d/n/v t META k v DATA o value\r\nCACHE.GET p/d/n/v t\r\nQUIT\r\n", expecting: 100_000)
            server.hotCache.removeAll()
            let dataset = try DatasetID(parsing: "p/d/n/v")
            let other = try await server.service.lookup(dataset, try TagName("t")) { hit, _ in HotReply(hit: hit) }
            #expect(other?.resp2 == nil && other?.hit.items.first?.name == "o")
            let hotBefore = server.stats.value(.hotHits)
            let (hot, _) = try await RawClient.connect(port: port).exchange(
                "CACHE.GET p/d/n/v t\r\nQUIT\r\n", expecting: 100_000)
            #expect(server.stats.value(.hotHits) == hotBefore + 1)
            #expect(stored.hasSuffix(hot), "store hit:\n\(stored)\nhot hit of the other front end's entry:\n\(hot)")
            let (resp3, _) = try await RawClient.connect(port: port).exchange(
                "HELLO 3\r\nCACHE.GET p/d/n/v t\r\nQUIT\r\n", expecting: 100_000)
            #expect(resp3.contains("%") || resp3.contains("_\r\n") || resp3.contains("$5\r\nvalue\r\n"))
        }
    }

    @Test func aHotHitOfALargeValueIsAnsweredAtOnce() async throws {
        // A hot hit is answered on the event loop; one bigger than the reply coalescing limit used to
        // be written but never flushed, so the client waited forever.
        try await withServer(configure: { _ in }) { port, server in
            let value = String(repeating: "v", count: 100_000)
            try await ReplyClient.with(port: port) { client in
                _ = try await client.send("CACHE.PUT", "p/d/n/v", "big", "DATA", "o", value)
                for _ in 0..<3 {
                    let hit = try await client.send("CACHE.GET", "p/d/n/v", "big")
                    #expect(hit.elements?[1].elements?[1].text == value)
                }
            }
            #expect(server.stats.value(.hotHits) == 2)
        }
    }

    @Test func anEvictionDropsTheHotEntry() async throws {
        try await withServer(configure: { _ in }) { port, server in
            let expectedTail = ":1\r\n$-1\r\n"
            _ = try await RawClient.connect(port: port).exchange(
                "CACHE.PUT p/d/n/v t DATA o x\r\nCACHE.GET p/d/n/v t\r\nQUIT\r\n", expecting: 100_000)
            let (reply, _) = try await RawClient.connect(port: port).exchange(
                "CACHE.GET p/d/n/v t\r\nCACHE.EVICT p/d/n/v t\r\nCACHE.GET p/d/n/v t\r\nQUIT\r\n", expecting: 100_000)
            #expect(reply.hasSuffix(expectedTail + "+OK\r\n"))
            #expect(server.stats.value(.hotHits) == 1)
            #expect(server.stats.value(.misses) == 1)
            #expect(server.hotCache.statistics.entries == 0)
        }
    }

    @Test func withTheHotCacheOffEveryHitComesFromTheStore() async throws {
        try await withServer(configure: { $0.hotCache.maxBytes = 0 }) { port, server in
            for _ in 0..<2 {
                _ = try await RawClient.connect(port: port).exchange(
                    "CACHE.PUT p/d/n/v t DATA o x\r\nCACHE.GET p/d/n/v t\r\nQUIT\r\n", expecting: 100_000)
            }
            #expect(server.stats.value(.storeHits) == 2)
            #expect(server.stats.value(.hotHits) == 0)
        }
    }

    @Test func infoReportsHitsMissesAndTheHotCache() async throws {
        try await withServer(configure: { _ in }) { port, _ in
            _ = try await RawClient.connect(port: port).exchange(
                "CACHE.PUT p/d/n/v t DATA o x\r\nCACHE.GET p/d/n/v t\r\nQUIT\r\n", expecting: 100_000)
            let (reply, _) = try await RawClient.connect(port: port).exchange(
                "CACHE.GET p/d/n/v t\r\nCACHE.GET p/d/n/v u\r\nINFO\r\nQUIT\r\n", expecting: 100_000)
            for line in [
                "# Server\r\n", "cairn_version:", "total_cache_hits_hot:1\r\n", "total_cache_hits_store:1\r\n",
                "total_cache_misses:1\r\n", "cache_hit_ratio:0.6667\r\n", "hot_cache_entries:1\r\n",
                "connected_clients:1\r\n", "persistence:postgresql\r\n", "# Memory\r\n", "# Store\r\n",
            ] {
                #expect(reply.contains(line), "INFO lacks \(line.debugDescription)")
            }
            let (section, _) = try await RawClient.connect(port: port).exchange(
                "INFO persistence\r\nQUIT\r\n", expecting: 100_000)
            #expect(section.contains("# Persistence\r\n"))
            #expect(!section.contains("# Server"))
        }
    }

    @Test func pipelinedHotHitsAndStoreLookupsKeepTheirOrder() async throws {
        try await withServer(configure: { _ in }) { port, _ in
            let (setup, _) = try await RawClient.connect(port: port).exchange(
                "CACHE.PUT p/d/n/v hot DATA o h\r\nCACHE.GET p/d/n/v hot\r\nQUIT\r\n", expecting: 100_000)
            // The put's reply is 60 bytes, QUIT's 5: what is between is the hit.
            let hit = String(decoding: Array(setup.utf8).dropFirst(60).dropLast(5), as: UTF8.self)
            #expect(hit.hasPrefix("*6\r\n"))
            // Misses go to the store, hot hits are answered at once: replies must still be in order.
            var requests = ""
            var expected = ""
            for index in 0..<500 {
                if index % 2 == 0 {
                    requests += "CACHE.GET p/d/n/v m\(index)\r\nECHO \(index)\r\n"
                    expected += "$-1\r\n$\(String(index).count)\r\n\(index)\r\n"
                } else {
                    requests += "CACHE.GET p/d/n/v hot\r\n"
                    expected += hit
                }
            }
            let (reply, _) = try await RawClient.connect(port: port).exchange(
                requests + "QUIT\r\n", expecting: expected.utf8.count + 5)
            #expect(reply == expected + "+OK\r\n")
        }
    }
}
