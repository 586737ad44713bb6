import CairnStore
import CairnTestSupport
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

    @Test func metricsPortZeroPrintsTheBoundPortAndServesCountersThere() async throws {
        try await withServe(["--metrics-port", "0"]) { serve in
            let metricsPort = try await Self.httpPort(serve.log)
            #expect(metricsPort > 0 && metricsPort != serve.port)
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

    /// The port of the `cairn: http on http://<host>:<port> …` line, once it is printed.
    static func httpPort(_ log: String) async throws -> Int {
        let prefix = "cairn: http on http://127.0.0.1:"
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let line = output.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }),
                let port = Int(line.dropFirst(prefix.count).prefix { $0.isNumber })
            {
                return port
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "no http line in \(log)"])
    }
}
