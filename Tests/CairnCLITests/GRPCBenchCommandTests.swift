import CairnStore
import CairnTestSupport
import Foundation
import Testing

@testable import CairnCLI

/// `cairn bench grpc`: end to end at a tiny size against `cairn serve --grpc-port`, and its checks.
@Suite struct GRPCBenchCommandTests {
    @Test func aTinyRunAgainstAServerPrintsBothTablesWithEveryLookupDone() async throws {
        try await TestDatabase.withEmptyDatabase { url in
            let log = "/tmp/cairn-bench-grpc-" + UUID().uuidString.prefix(8).lowercased() + ".log"
            let blobs = log.replacingOccurrences(of: ".log", with: ".blobs")
            defer {
                try? FileManager.default.removeItem(atPath: log)
                try? FileManager.default.removeItem(atPath: blobs)
            }
            let pid = try await Blocking.run {
                try ProcessRunner.spawn(
                    [
                        ServeCommandTests.binary, "serve", "--database-url", url, "--port", "0", "--grpc-port", "0",
                        "--unix-socket", "none", "--blob-dir", blobs,
                    ], output: log)
            }
            let result = try await withCleanup {
                let (resp, grpc) = try await Self.ports(log)
                return try await runCairn([
                    "bench", "grpc", "--grpc", "127.0.0.1:\(grpc)", "--resp", "127.0.0.1:\(resp)",
                    "--artifacts", "20", "--count", "50", "--concurrency", "4", "--seconds", "120",
                    // A count that is not settled is marked, not wrong: the table is what is tested.
                    "--database-url", url, "--stats-settle", "1",
                ])
            } cleanup: {
                kill(pid, SIGTERM)
                _ = try? await Blocking.run { try ProcessRunner.wait(pid) }
            }
            #expect(result.status == 0, "\(result)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("cairn bench grpc: 20 artifacts x 1024 B, 4 callers") == true, "\(lines)")
            for name in ["hot hit", "miss"] {
                // Timing row: name, then six numbers and a ratio.
                let timing = lines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(name + " ") }
                #expect(timing?.hasSuffix("x") == true, "\(result.stdout)")
                // Statement row: name, then 50 lookups (all of them done), and the counts.
                let counted = lines.last { $0.trimmingCharacters(in: .whitespaces).hasPrefix(name + " ") }
                let cells = counted?.dropFirst(20).split(separator: " ") ?? []
                #expect(cells.first == "50", "\(result.stdout)")
            }
            // The test cluster has no pg_stat_statements: transactions from pg_stat_database.
            #expect(result.stdout.contains("SQL transactions per gRPC lookup (pg_stat_database"), "\(result.stdout)")
        }
    }

    @Test func badOptionsAreRefusedNamingTheOptionAndItsRange() async throws {
        let cases: [([String], String)] = [
            (["--count", "0"], "--count must be an integer in 1 … 100000000, got '0'"),
            (["--concurrency", "5000"], "--concurrency must be an integer in 1 … 1024, got '5000'"),
            (["--grpc", "localhost"], "--grpc localhost: expected host:port, such as 127.0.0.1:8089"),
            (["--cold-grpc", "127.0.0.1:1"], "--cold-grpc and --cold-resp go together"),
        ]
        for (arguments, message) in cases {
            var all = ["bench", "grpc", "--grpc", "127.0.0.1:8089", "--resp", "127.0.0.1:7379"]
            all += arguments
            let result = try await runCairn(all)
            #expect(result.status == 64, "\(arguments): \(result)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }

    @Test func theCounterReadsAnotherDatabaseOfTheSameConnectionString() {
        #expect(
            StatementCounter.url("host=/tmp port=5432 dbname=cairn", database: "postgres")
                == "host=/tmp port=5432 dbname=cairn dbname=postgres")
        #expect(
            StatementCounter.url("postgresql://u@h/cairn", database: "postgres")
                == "postgresql://u@h/cairn?dbname=postgres")
        #expect(
            StatementCounter.url("postgres://u@h/cairn?sslmode=disable", database: "template1")
                == "postgres://u@h/cairn?sslmode=disable&dbname=template1")
    }

    @Test func lookupKeysAreTheSameSequenceForEveryProtocolAndInRange() throws {
        let keys = try GRPCBenchKeys(run: "r-test", count: 7)
        let draws = (0..<1000).map(keys.draw)
        #expect(draws == (0..<1000).map(keys.draw))
        #expect(Set(draws) == Set(0..<7))
    }

    /// The RESP and gRPC ports `cairn serve` prints, within 60 s.
    static func ports(_ log: String) async throws -> (resp: Int, grpc: Int) {
        let deadline = ContinuousClock.now + .seconds(60)
        var output = ""
        while ContinuousClock.now < deadline {
            output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let resp = listeningPort(output),
                let line = output.split(separator: "\n").first(where: { $0.hasPrefix("cairn: grpc on 127.0.0.1:") }),
                let grpc = Int(line.dropFirst("cairn: grpc on 127.0.0.1:".count).prefix { $0.isNumber })
            {
                return (resp, grpc)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CocoaError(
            .fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "cairn serve did not start: \(output)"])
    }
}
