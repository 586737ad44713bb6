import ArgumentParser
import CairnCore
import CairnStore
import Foundation
import Logging

/// `cairn bench store`: store lookups and durable puts against pgbench on the same PostgreSQL.
struct StoreBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Benchmark store.get and durable store.put against pgbench on an equivalent plain table.",
        discussion: """
            Loads --artifacts artifacts with --value-size byte values, then measures store.get at each
            --get-concurrency and a pgbench prepared point SELECT on a plain (dataset, tag, payload) table
            with as many clients; then durable store.put at each --put-concurrency and a pgbench
            single-row upsert with --pgbench-upsert-clients clients. Use a release build.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Artifacts to load.") var artifacts = 100_000
    @Option(help: "Bytes per value.") var valueSize = 1024
    @Option(help: "Seconds per measurement.") var seconds = 10
    @Option(help: "Concurrencies for lookups, comma-separated.") var getConcurrency = "1,4,16"
    @Option(help: "Concurrencies for puts, comma-separated.") var putConcurrency = "1,8,32"
    @Option(help: "pgbench clients for the upsert peer.") var pgbenchUpsertClients = 8
    @Flag(help: "Measure Cairn only.") var skipPgbench = false
    @Flag(help: "Print the results as JSON.") var json = false

    func run() async throws {
        let logger = LogSetup.bootstrap(level: database.resolvedLogLevel)
        let session = try await database.open(logger: logger)
        do {
            try await bench(session, logger: logger)
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }

    private func bench(_ session: DatabaseSession, logger: Logger) async throws {
        let url = session.url
        _ = try await Blocking.run { try Migrator.migrate(databaseURL: url, logger: logger) }
        var configuration = CairnStore.Configuration(databaseURL: url)
        configuration.connections = try database.resolvedConnections()
        let store = try await CairnStore.connect(configuration: configuration, logger: logger)
        let dataset = try DatasetID(project: "bench", domain: "bench", name: "store", version: "v\(valueSize)")
        let benchmark = StoreBenchmark(store: store, dataset: dataset, artifacts: artifacts, valueSize: valueSize)
        var report = StoreBenchReport(
            artifacts: artifacts, valueSize: valueSize, seconds: seconds,
            connections: configuration.connections)
        report.note("loading \(artifacts) artifacts of \(valueSize) bytes into \(dataset)", quiet: json)
        report.load = try await benchmark.load()
        let pgbench = skipPgbench ? nil : try PGBench.locate(databaseURL: url)
        if pgbench != nil {
            let synchronousCommit = try await Blocking.run {
                try AdminSQL.execute(
                    databaseURL: url,
                    [
                        """
                        CREATE TABLE IF NOT EXISTS bench_plain (dataset text, tag text, payload bytea, PRIMARY KEY (dataset, tag));
                        INSERT INTO bench_plain SELECT '\(dataset)', 't-' || i,
                               substring(decode(repeat(md5(i::text), \(valueSize / 16 + 1)), 'hex') FROM 1 FOR \(valueSize))
                        FROM generate_series(1, \(artifacts)) AS i ON CONFLICT DO NOTHING
                        """,
                        "VACUUM ANALYZE bench_plain", "VACUUM ANALYZE artifacts", "VACUUM ANALYZE artifact_data",
                        "VACUUM ANALYZE tags", "SHOW synchronous_commit",
                    ])
            }
            report.synchronousCommit = synchronousCommit ?? "unknown"
        }
        for concurrency in try Self.list(getConcurrency) {
            report.note("store.get, concurrency \(concurrency)", quiet: json)
            let cairn = try await benchmark.gets(concurrency: concurrency, seconds: Double(seconds))
            var peer: Double?
            if let pgbench {
                let script =
                    "\\set i random(1, \(artifacts))\n"
                    + "SELECT payload FROM bench_plain WHERE dataset = '\(dataset)' AND tag = 't-' || :i;\n"
                let seconds = self.seconds
                peer = try await Blocking.run {
                    try pgbench.run(script: script, clients: concurrency, seconds: seconds)
                }
            }
            report.gets.append(.init(concurrency: concurrency, cairn: cairn, pgbenchPerSecond: peer))
        }
        if let pgbench {
            report.note("pgbench upsert, \(pgbenchUpsertClients) clients", quiet: json)
            let script =
                "\\set i random(1, 1000000000)\n"
                + "INSERT INTO bench_plain VALUES ('upsert', 'u-' || :i, decode(repeat('ab', \(valueSize)), 'hex')) "
                + "ON CONFLICT (dataset, tag) DO UPDATE SET payload = EXCLUDED.payload;\n"
            let (clients, seconds) = (pgbenchUpsertClients, self.seconds)
            report.pgbenchUpsertPerSecond = try await Blocking.run {
                try pgbench.run(script: script, clients: clients, seconds: seconds)
            }
        }
        let runID = String(UUID().uuidString.prefix(8)).lowercased()
        for (phase, concurrency) in try Self.list(putConcurrency).enumerated() {
            report.note("store.put, concurrency \(concurrency)", quiet: json)
            let target = try DatasetID(
                project: "bench", domain: "bench", name: "puts-\(runID)", version: "\(phase)-c\(concurrency)")
            let cairn = try await benchmark.puts(into: target, concurrency: concurrency, seconds: Double(seconds))
            report.puts.append(.init(concurrency: concurrency, cairn: cairn, pgbenchPerSecond: nil))
        }
        let cleanup =
            ["DELETE FROM datasets WHERE project = 'bench' AND name = 'puts-\(runID)'"]
            + (pgbench == nil ? [] : ["DELETE FROM bench_plain WHERE dataset = 'upsert'"])
        _ = try await Blocking.run { try AdminSQL.execute(databaseURL: url, cleanup) }
        await store.shutdown()
        print(json ? try report.json() : report.text())
    }

    static func list(_ text: String) throws -> [Int] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map {
            guard let value = Int($0.trimmingCharacters(in: .whitespaces)), value > 0 else {
                throw ValidationError("expected positive numbers separated by commas, got \(text)")
            }
            return value
        }
    }
}
