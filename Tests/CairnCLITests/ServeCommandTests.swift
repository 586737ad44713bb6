import CairnStore
import Foundation
import Testing

/// The quick start, end to end: the built `cairn` binary serving on an embedded PostgreSQL.
@Suite struct ServeCommandTests {
    /// `cairn`, built beside this test bundle.
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cairn").path
    }

    @Test func serveStartsAnEmbeddedPostgresReportsAndStopsBothOnSIGTERM() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "cairn is not built at \(Self.binary)")
        let directory = "/tmp/cairn-serve-" + UUID().uuidString.prefix(8).lowercased()
        let log = directory + ".log"
        defer {
            try? FileManager.default.removeItem(atPath: directory)
            try? FileManager.default.removeItem(atPath: log)
        }
        let environment = ProcessInfo.processInfo.environment
        #expect(environment["CAIRN_DATABASE_URL"] == nil, "the test must exercise the embedded cluster")
        let pid = try await Blocking.run {
            try ProcessRunner.spawn([Self.binary, "serve", "--data-dir", directory, "--port", "0"], output: log)
        }
        var output = ""
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(90)
        while !output.contains("press Ctrl-C") && clock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        }
        #expect(output.contains("catalog on embedded PostgreSQL in \(directory)/pgdata"), "\(output)")
        #expect(output.contains("schema version \(Migrator.latestVersion)"))
        #expect(output.contains("and unix:\(directory)/cairn.sock"))

        let status = try await Blocking.run { () -> String in
            try ProcessRunner.run(Self.binary, ["admin", "migrate", "--status", "--data-dir", directory]).text
        }
        #expect(status.contains("schema version \(Migrator.latestVersion) (up to date)"), "\(status)")

        kill(pid, SIGTERM)
        let exit = try await Blocking.run { try ProcessRunner.wait(pid) }
        output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(exit == 0, "\(output)")
        #expect(output.contains("stopped (and the embedded PostgreSQL with it)"), "\(output)")
        let embedded = try EmbeddedPostgres(configuration: .init(directory: directory))
        #expect(try await Blocking.run { try embedded.isRunning() } == false)
        // The cluster's thousand files go on a thread of their own; the `defer` is for failures.
        try await Blocking.run { try FileManager.default.removeItem(atPath: directory) }
    }
}
