import CairnStore
import Foundation
import Testing

/// What `cairn serve` says about where it listens, and that it is reachable there.
@Suite struct ServeListeningTests {
    static let dataset = "proj/dev/task-a/v1"

    @Test func portZeroPrintsTheBoundPortAndServesTCPThere() async throws {
        try await withServe(["--unix-socket", "none"]) { serve in
            #expect(serve.port > 0 && serve.socket == nil)
            #expect(
                serve.output.contains(
                    "cairn: listening on 127.0.0.1:\(serve.port), protected mode: no passwords, "
                        + "loopback and Unix-socket clients only\n"
                        + "cairn: try `redis-cli -p \(serve.port) PING`"), "\(serve.output)")
            let put = try await runCairn(["put", Self.dataset, "t1", "o0=42", "--catalog", serve.tcp])
            #expect(put.status == 0 && put.stdout.hasSuffix(" created\n"), "\(put)")
            let id = String(put.stdout.prefix { $0 != " " })
            let get = try await runCairn(["get", Self.dataset, "t1"], environment: ["CAIRN_CATALOG": serve.tcp])
            #expect(get.status == 0 && get.stdout == "\(id)\no0 = 42\n", "\(get)")
        }
    }

    @Test func theMetricsEndpointCountsWhatTheServerDid() async throws {
        let metricsPort = try LocalHTTP.freePort()
        try await withServe(["--metrics-port", String(metricsPort)]) { serve in
            #expect(serve.output.contains(", metrics on http://127.0.0.1:\(metricsPort)/metrics\n"), "\(serve.output)")
            let catalog = try #require(serve.socket)
            _ = try await runCairn(["put", Self.dataset, "t1", "o0=42", "--catalog", catalog])
            _ = try await runCairn(["get", Self.dataset, "t1", "--catalog", catalog])
            _ = try await runCairn(["get", Self.dataset, "absent", "--catalog", catalog])

            let response = try await Blocking.run { try LocalHTTP.get(port: metricsPort, path: "/metrics") }
            #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(response.prefix(200))")
            #expect(response.contains("\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"))
            let lines = Set(response.split(separator: "\n").map(String.init))
            for line in [
                "cairn_puts_created_total 1", "cairn_cache_hits_store_total 1", "cairn_cache_misses_total 1",
                "cairn_hot_cache_entries 1.0",
            ] {
                #expect(lines.contains(line), "no '\(line)' in \(response)")
            }
            let missing = try await Blocking.run { try LocalHTTP.get(port: metricsPort, path: "/nope") }
            #expect(missing.hasPrefix("HTTP/1.1 404 Not Found\r\n"), "\(missing.prefix(200))")
        }
    }
}
