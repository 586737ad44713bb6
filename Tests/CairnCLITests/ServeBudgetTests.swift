import CairnClient
import CairnCore
import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// `cairn serve --max-size`: the budget keeper and the expiry sweeper in the serve command's
/// service group, counted by cause in `INFO` and `/metrics`.
@Suite struct ServeBudgetTests {
    static let dataset = try! DatasetID(parsing: "proj/dev/budget/v1")

    static func number(_ field: String, in info: String) -> Int? {
        info.split(separator: "\r\n").first { $0.hasPrefix(field + ":") }.flatMap { Int($0.dropFirst(field.count + 1)) }
    }

    @Test func maxSizeEvictsAndTheSweeperExpiresEachCountedByCause() async throws {
        try await withServe(
            ["--max-size", "40KiB", "--sweep-interval", "1s", "--http-port", "0"],
            environment: ["CAIRN_MAX_SIZE_LOW_WATER": "50"]
        ) { serve in
            #expect(
                serve.output.contains(
                    "cairn: size budget 40960 bytes, evicting the least recently hit down to 20480\n"),
                "\(serve.output)")
            var configuration = CairnClient.Configuration(endpoint: .tcp(host: "127.0.0.1", port: serve.port))
            configuration.requestTimeout = .seconds(30)
            let client = CairnClient(configuration: configuration)
            let value = [UInt8](repeating: UInt8(ascii: "v"), count: 1000)
            for index in 0..<100 {
                _ = try await client.put(
                    dataset: Self.dataset, tag: try TagName("t\(index)"), data: [try .inline("o", value)])
            }
            // The newest, small, expiring in a second: the sweeper takes them, not the budget.
            for index in 0..<3 {
                _ = try await client.put(
                    dataset: Self.dataset, tag: try TagName("ttl\(index)"), data: [try .inline("o", [1])],
                    ttl: .seconds(1))
            }
            var info = ""
            let settled = try await eventually(within: .seconds(60)) {
                info = try await client.info()
                return Self.number("evictions_ttl", in: info) == 3
                    && (Self.number("catalog_bytes", in: info) ?? .max) <= 40960
            }
            await client.close()
            #expect(settled, "\(info)")
            #expect((Self.number("evictions_budget", in: info) ?? 0) >= 60, "\(info)")
            #expect(Self.number("evictions_purge", in: info) == 0 && Self.number("evictions_evict", in: info) == 0)
            #expect(info.contains("\r\nmax_size:40960\r\nmax_size_low_water:20480\r\n"), "\(info)")
            let evicted = try #require(Self.number("evictions_budget", in: info))
            let httpPort = try await ServeListeningTests.httpPort(serve.log)
            let metrics = try await Blocking.run { try LocalHTTP.get(port: httpPort, path: "/metrics") }
            let lines = Set(metrics.split(separator: "\n").map(String.init))
            for line in [
                "cairn_evictions_total{cause=\"ttl\"} 3", "cairn_evictions_total{cause=\"budget\"} \(evicted)",
                "cairn_evictions_total{cause=\"purge\"} 0", "cairn_evictions_total{cause=\"evict\"} 0",
                "cairn_catalog_max_bytes 40960.0",
            ] {
                #expect(lines.contains(line), "no '\(line)' in \(metrics)")
            }
        }
    }

    @Test func budgetOptionsOutsideTheirRangesAreRefused() async throws {
        let zero = try await runCairn(["serve", "--max-size", "0", "--database-url", "host=/nonexistent"])
        #expect(zero.status == 64 && zero.stderr.contains("--max-size 0: expected bytes or a size"), "\(zero)")
        let percent = try await runCairn(
            ["serve", "--database-url", "host=/nonexistent"], environment: ["CAIRN_MAX_SIZE_LOW_WATER": "101"])
        #expect(
            percent.status == 64 && percent.stderr.contains("CAIRN_MAX_SIZE_LOW_WATER")
                && percent.stderr.contains("100"),
            "\(percent)")
        let wait = try await runCairn(["serve", "--max-size-write-wait", "0", "--database-url", "host=/nonexistent"])
        #expect(wait.status == 64 && wait.stderr.contains("--max-size-write-wait"), "\(wait)")
    }
}
