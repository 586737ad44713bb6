import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// `cairn serve --http-port`: the HTTP listener in the serve command's service group.
@Suite struct ServeHTTPTests {
    @Test func httpPortZeroServesHealthAndStopsCleanlyOnSIGTERM() async throws {
        try await TestDatabase.withEmptyDatabase { url in
            let log = "/tmp/cairn-http-" + UUID().uuidString.prefix(8).lowercased() + ".log"
            let blobs = log.replacingOccurrences(of: ".log", with: ".blobs")
            defer {
                try? FileManager.default.removeItem(atPath: log)
                try? FileManager.default.removeItem(atPath: blobs)
            }
            let pid = try await Blocking.run {
                try ProcessRunner.spawn(
                    [
                        ServeCommandTests.binary, "serve", "--database-url", url, "--port", "0", "--unix-socket",
                        "none",
                        "--blob-dir", blobs, "--http-port", "0",
                    ], output: log)
            }
            let port: Int
            do {
                port = try await ServeListeningTests.httpPort(log)
            } catch {
                kill(pid, SIGTERM)
                _ = try? await Blocking.run { try ProcessRunner.wait(pid) }
                throw error
            }
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            #expect(output.contains("cairn: http on http://127.0.0.1:\(port) (/metrics, /healthz, /readyz)\n"))
            let health = try await Blocking.run { try LocalHTTP.reply(port: port, path: "/healthz") }
            #expect(health.status == 200, "\(health)")
            // With a kept-alive connection idle at SIGTERM: the listener must close it and the
            // process end by itself, with status 0.
            let (response, closed) = try await Blocking.run {
                try LocalHTTP.keepAlive(port: port, path: "/readyz") { kill(pid, SIGTERM) }
            }
            #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n") && response.hasSuffix("\r\n\r\nready\n"), "\(response)")
            #expect(closed, "the kept-alive connection stayed open after SIGTERM")
            let status = try await Blocking.run { try ProcessRunner.wait(pid) }
            let stopped = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            #expect(status == 0, "\(stopped)")
            #expect(stopped.hasSuffix("cairn: stopped.\n"), "\(stopped)")
            #expect(throws: (any Error).self) { try LocalHTTP.get(port: port, path: "/healthz") }
        }
    }

    @Test func httpPortAndItsAliasMustAgree() async throws {
        let conflict = try await runCairn(
            ["serve", "--http-port", "9121", "--database-url", "host=/nonexistent"],
            environment: ["CAIRN_METRICS_PORT": "9122"])
        #expect(conflict.status == 64, "\(conflict)")
        #expect(
            conflict.stderr.contains(
                "--http-port (CAIRN_HTTP_PORT) is 9121 but its alias --metrics-port (CAIRN_METRICS_PORT) is 9122"),
            "\(conflict.stderr)")
        let range = try await runCairn(
            ["serve", "--database-url", "host=/nonexistent"], environment: ["CAIRN_HTTP_PORT": "70000"])
        #expect(range.stderr.contains("CAIRN_HTTP_PORT must be an integer in 0 … 65535, got '70000'"), "\(range)")
    }
}
