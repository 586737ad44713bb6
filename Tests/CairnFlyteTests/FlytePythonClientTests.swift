import CairnStore
import Foundation
import Testing

/// Flyte's own clients, which no one here wrote, against a real `cairn serve`: the `flyteidl` package's
/// datacatalog stubs over gRPC replaying flytepropeller's calls (`Python/datacatalog_check.py`), and
/// the `flyteidl2` package's Connect client of the cache service, and its gRPC stubs on the gRPC port
/// (`Python/cacheservice_check.py`).
/// Each script exits non-zero at the first answer it did not expect; its output is the failure.
@Suite struct FlytePythonClientTests {
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python")

    @Test func datacatalogStubsReplayPropellersCalls() async throws {
        try await Self.requirePython("flyteidl.datacatalog.datacatalog_pb2_grpc", "grpc")
        try await FlyteServe.with { serve in
            let run = try await Self.python("datacatalog_check.py", "suite", "127.0.0.1:\(serve.grpcPort)")
            #expect(run.status == 0, "datacatalog_check.py exited with \(run.status):\n\(run.text)\n\(serve.output)")
            #expect(run.text.hasSuffix("all checks passed"), "\(run.text)")
        }
    }

    @Test func cacheServiceClientsOverConnectAndGRPC() async throws {
        try await Self.requirePython("flyteidl2.cacheservice.v2.cacheservice_connect", "connectrpc")
        try await FlyteServe.with { serve in
            let run = try await Self.python(
                "cacheservice_check.py", "http://127.0.0.1:\(serve.httpPort)", "127.0.0.1:\(serve.grpcPort)")
            #expect(run.status == 0, "cacheservice_check.py exited with \(run.status):\n\(run.text)\n\(serve.output)")
            #expect(run.text.hasSuffix("all checks passed"), "\(run.text)")
        }
    }

    /// One catalog: artifacts written over gRPC (one with an org) are hits for `redis-cli CACHE.GET` on
    /// Cairn's spelling of their dataset, and `cairn admin purge` removes them for both protocols: one
    /// through the server (`--catalog`), one on the database, which reaches the server's hot cache by
    /// PostgreSQL's notification.
    @Test func grpcWrittenArtifactsAreRedisHitsAndPurgedForBoth() async throws {
        try await Self.requirePython("flyteidl.datacatalog.datacatalog_pb2_grpc", "grpc")
        try await FlyteServe.with { serve in
            let grpc = "127.0.0.1:\(serve.grpcPort)"
            let write = try await Self.python("datacatalog_check.py", "write", grpc)
            try #require(write.status == 0, "datacatalog_check.py write exited with \(write.status):\n\(write.text)")
            let line = try #require(
                write.text.split(separator: "\n").first { $0.hasPrefix("catalog ") }, "\(write.text)")
            let written = String(line.dropFirst("catalog ".count))
            let object = try JSONSerialization.jsonObject(with: Data(written.utf8)) as? [String: Any]
            let entries = try #require(object?["entries"] as? [[String: Any]], "\(written)")
            try #require(entries.count == 2, "\(written)")

            for entry in entries {
                let dataset = try #require(entry["dataset"] as? String)
                let tag = try #require(entry["tag"] as? String)
                let hit = try await Self.redisCLI(serve.port, "CACHE.GET", dataset, tag)
                for expected in try #require(entry["redis"] as? [String]) {
                    #expect(hit.contains(expected), "CACHE.GET \(dataset) \(tag) has no \(expected):\n\(hit)")
                }
            }

            let first = try #require(entries[0]["dataset"] as? String)
            let second = try #require(entries[1]["dataset"] as? String)
            #expect(second.hasPrefix("acme:flytesnacks/"), "an org is the project's prefix: \(second)")
            let throughServer = try await Self.cairn(
                "admin", "purge", "--catalog", "127.0.0.1:\(serve.port)", "--dataset", first, "--json")
            #expect(throughServer.status == 0 && Self.purged(throughServer.text) == 1, "\(throughServer)")
            let onDatabase = try await Self.cairn(
                "admin", "purge", "--database-url", serve.databaseURL, "--blob-dir", serve.blobs, "--dataset", second,
                "--json")
            #expect(onDatabase.status == 0 && Self.purged(onDatabase.text) == 1, "\(onDatabase)")

            for entry in entries {
                let dataset = try #require(entry["dataset"] as? String)
                let tag = try #require(entry["tag"] as? String)
                // The database purge reaches the server by notification: a miss within 15 s.
                var reply = ""
                let deadline = ContinuousClock.now + .seconds(15)
                repeat {
                    reply = try await Self.redisCLI(serve.port, "CACHE.GET", dataset, tag)
                    if reply == "(nil)" { break }
                    try await Task.sleep(for: .milliseconds(200))
                } while ContinuousClock.now < deadline
                #expect(reply == "(nil)", "CACHE.GET \(dataset) \(tag) after the purge: \(reply)")
            }
            let gone = try await Self.python("datacatalog_check.py", "gone", grpc, written)
            #expect(gone.status == 0, "datacatalog_check.py gone exited with \(gone.status):\n\(gone.text)")
        }
    }

    /// Runs a script of `Python/` with python3, stopped after 15 minutes: a hang catcher, not a measurement.
    static func python(_ script: String, _ arguments: String...) async throws -> ProcessRunner.Output {
        let path = scripts.appendingPathComponent(script).path
        let run = try await Blocking.run {
            try ProcessRunner.run("/usr/bin/timeout", ["-k", "10", "900", "/usr/bin/env", "python3", path] + arguments)
        }
        if run.status == 124 || run.status == 137 {
            Issue.record("\(script) did not finish within 15 minutes (stopped by timeout):\n\(run.text)")
        }
        return run
    }

    /// `redis-cli --no-raw` (bulk strings quoted and escaped) against the RESP port.
    static func redisCLI(_ port: Int, _ arguments: String...) async throws -> String {
        let run = try await Blocking.run {
            try ProcessRunner.run(
                "/usr/bin/timeout",
                ["60", "/usr/bin/env", "redis-cli", "-h", "127.0.0.1", "-p", "\(port)", "--no-raw"] + arguments)
        }
        try #require(run.status == 0, "redis-cli \(arguments) exited with \(run.status): \(run.text)")
        return run.text
    }

    /// The built `cairn` with `arguments`, stopped after 5 minutes.
    static func cairn(_ arguments: String...) async throws -> ProcessRunner.Output {
        try await Blocking.run {
            try ProcessRunner.run("/usr/bin/timeout", ["-k", "10", "300", FlyteServe.binary] + arguments)
        }
    }

    /// The `artifacts` count of `cairn admin purge --json`'s JSON line.
    static func purged(_ output: String) -> Int? {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        else { return nil }
        return object["artifacts"] as? Int
    }

    /// Fails (never skips) when python3 or one of `modules` is missing.
    static func requirePython(_ modules: String...) async throws {
        let probe = try await Blocking.run {
            try ProcessRunner.run("/usr/bin/env", ["python3", "-c", "import " + modules.joined(separator: ", ")])
        }
        try #require(
            probe.status == 0,
            "python3 with \(modules.joined(separator: ", ")) is needed (scripts/install-deps installs them with pip): \(probe.text)"
        )
    }
}
