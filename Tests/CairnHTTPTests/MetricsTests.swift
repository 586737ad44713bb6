import CairnServer
import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// `GET /metrics`: the catalog's counters, gauges and histograms in Prometheus' text format.
@Suite struct MetricsTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Python/prometheus_check.py").path

    /// A put, a store hit, a miss and an unknown command on the catalog's RESP port.
    static func traffic(_ port: Int) async throws {
        let requests = "CACHE.PUT p/d/n/v t DATA o x\r\nCACHE.GET p/d/n/v t\r\nCACHE.GET p/d/n/v u\r\nNOPE\r\nQUIT\r\n"
        _ = try await Blocking.run { try LocalHTTP.exchange(port: port, requests) }
    }

    @Test func theMetricsEndpointServesCountersAndHistograms() async throws {
        try await withCatalogAndHTTP { port, metricsPort, _ in
            try await Self.traffic(port)
            let response = try await Blocking.run { try LocalHTTP.get(port: metricsPort, path: "/metrics") }
            #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"))
            for line in [
                "cairn_cache_hits_store_total 1\n", "cairn_cache_misses_total 1\n", "cairn_puts_created_total 1\n",
                "cairn_error_replies_total{prefix=\"ERR\"} 1\n", "cairn_hot_cache_entries 1.0\n",
                "cairn_command_duration_seconds_count{command=\"cache.put\"} 1\n",
                // One store hit and one miss: half the lookups hit, none in the hot cache.
                "cairn_cache_hit_ratio 0.5\n", "cairn_hot_cache_hit_ratio 0.0\n",
            ] {
                #expect(response.contains(line), "metrics lack \(line.debugDescription)")
            }
            let missing = try await Blocking.run { try LocalHTTP.get(port: metricsPort, path: "/nope") }
            #expect(missing.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        }
    }

    @Test func prometheusClientsTextParserReadsTheFamiliesAndValues() async throws {
        try await withCatalogAndHTTP { port, metricsPort, _ in
            try await Self.traffic(port)
            let reply = try await get(metricsPort, "/metrics")
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8", "\(reply)")
            let samples = try await Self.parse(port: metricsPort)
            // Family (type) and sample values, as prometheus_client reads them.
            for (sample, value) in [
                ("counter cairn_puts_created_total", 1.0), ("counter cairn_cache_hits_store_total", 1.0),
                ("counter cairn_cache_misses_total", 1.0), ("counter cairn_error_replies_total{prefix=ERR}", 1.0),
                ("gauge cairn_hot_cache_entries", 1.0), ("gauge cairn_cache_hit_ratio", 0.5),
                ("gauge cairn_hot_cache_hit_ratio", 0.0),
                ("histogram cairn_command_duration_seconds_count{command=cache.put}", 1.0),
                ("histogram cairn_command_duration_seconds_bucket{command=cache.put,le=+Inf}", 1.0),
            ] {
                #expect(samples[sample] == value, "\(sample) is \(samples[sample].map { "\($0)" } ?? "missing")")
            }
            #expect(samples.keys.contains("gauge cairn_connected_clients"))
        }
    }

    /// Every sample of `GET /metrics` as `prometheus_check.py` parses it: `"<type> <name>{labels}"` → value.
    static func parse(port: Int) async throws -> [String: Double] {
        let output = try await Blocking.run {
            try ProcessRunner.run("/usr/bin/env", ["python3", script, "\(port)"])
        }
        try #require(
            output.status == 0,
            """
            prometheus_check.py exited with \(output.status) (scripts/install-deps installs prometheus-client):
            \(output.text)
            """)
        var samples: [String: Double] = [:]
        for line in output.text.split(separator: "\n") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            samples[String(line[..<space])] = value
        }
        return samples
    }
}
