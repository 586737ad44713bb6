import CairnClient
import CairnCore
import CairnProtocol
import Testing

/// `info()` and ``ServerInfo/parse(_:)`` on the server's real `INFO` text.
@Suite struct InfoClientTests {
    @Test(arguments: [nil, RESPVersion.resp3])
    func infoCountsWhatTheServerDid(version: RESPVersion?) async throws {
        try await withClient({ $0.protocolVersion = version }) { client in
            guard case .tcp(_, let port) = client.configuration.endpoint else {
                throw CairnClientError(.unexpectedReply, "no port")
            }
            let tag = Fixture.tag("t1")
            _ = try await client.put(dataset: Fixture.dataset, tag: tag, data: Fixture.items(["o0": "42"]))
            _ = try await client.get(dataset: Fixture.dataset, tag: tag)  // from the store, into the hot cache
            _ = try await client.get(dataset: Fixture.dataset, tag: tag)  // from the hot cache
            _ = try await client.get(dataset: Fixture.dataset, tag: Fixture.tag("absent"))
            _ = try? await client.send(["NOPE"])

            let info = ServerInfo.parse(try await client.info())
            #expect(
                info.keys.sorted() == ["clients", "errorstats", "memory", "persistence", "server", "stats", "store"])
            #expect(info["server"]?["cairn_version"] == "0.1.0" && info["server"]?["tcp_port"] == String(port))
            #expect(info["server"]?["protected_mode"] == "yes")
            #expect(info["clients"]?["connected_clients"] == "1")
            let stats = try #require(info["stats"])
            #expect(stats["cache_hits"] == "2" && stats["total_cache_hits_hot"] == "1")
            #expect(stats["total_cache_hits_store"] == "1" && stats["total_cache_misses"] == "1")
            #expect(stats["total_puts_created"] == "1" && stats["cache_hit_ratio"] == "0.6667")
            // HELLO (RESP3 only), the put, three gets, NOPE and INFO.
            #expect(stats["total_commands_processed"] == (version == nil ? "6" : "7"))
            #expect(info["memory"]?["hot_cache_entries"] == "1" && info["memory"]?["hot_cache_enabled"] == "yes")
            #expect(info["errorstats"] == ["errorstat_ERR": "count=1"])

            let section = ServerInfo.parse(try await client.info(section: "clients"))
            #expect(section.keys.sorted() == ["clients"] && section["clients"]?["maxclients"] == "10000")
            #expect(try await client.info(section: "nonsense") == "")
        }
    }

    @Test func theParserKeepsValuesWithColonsAndIgnoresBlankLines() {
        let text = "# Server\r\nunix_socket:/tmp/a:b.sock\r\n\r\n# Errorstats\r\nerrorstat_ERR:count=2\r\n# Empty\r\n"
        #expect(
            ServerInfo.parse(text) == [
                "server": ["unix_socket": "/tmp/a:b.sock"], "errorstats": ["errorstat_ERR": "count=2"], "empty": [:],
            ])
    }
}
