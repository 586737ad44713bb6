import ArgumentParser
import CairnClient
import CairnCore
import Foundation

/// `cairn bench grpc`: flytepropeller's cache lookup over gRPC against `CACHE.GET` over RESP on one
/// running server, and the SQL statements each lookup costs.
struct GRPCBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grpc",
        abstract: "Benchmark Flyte's gRPC lookup (GetDataset + GetArtifact) against CACHE.GET on a running server.",
        discussion: """
            Loads --artifacts artifacts of --value-size bytes over gRPC (CreateDataset, CreateArtifact,
            AddTag) into a dataset of its own, looks each up once per protocol to fill the hot cache, then
            with --concurrency callers runs --count lookups (at most --seconds) of each case: propeller's
            pair on loaded tags (hot hits) and on absent tags (misses), beside CACHE.GET of the same keys
            over RESP. With --cold-grpc and --cold-resp (a server on the same database started with
            --hot-cache-size 0) it adds store hits. With --database-url it reads PostgreSQL's counters
            around each case's gRPC lookups (pg_stat_statements when preloaded, else transactions from
            pg_stat_database) and subtracts an idle interval's. Use a release build.
            """
    )

    @Option(name: .customLong("grpc"), help: "The server's gRPC listener, host:port.") var grpc: String
    @Option(name: .customLong("resp"), help: "The same server's RESP listener: host:port or its Unix socket.")
    var resp: String
    @Option(name: .customLong("cold-grpc"), help: "gRPC of a server with --hot-cache-size 0 on the same database.")
    var coldGRPC: String?
    @Option(name: .customLong("cold-resp"), help: "RESP of that server.") var coldRESP: String?
    @Option(name: .customLong("database-url"), help: "The catalog's PostgreSQL, to count statements.")
    var databaseURL: String?
    @Option(help: "Artifacts to load (and absent tags to miss).") var artifacts = 10_000
    @Option(help: "Bytes per value.") var valueSize = 1024
    @Option(help: "Concurrent callers per protocol.") var concurrency = 16
    @Option(help: "Lookups per case and protocol.") var count = 100_000
    @Option(help: "Longest a case may run, seconds.") var seconds = 30
    @Option(
        name: .customLong("stats-settle"),
        help: "Without pg_stat_statements: seconds a transaction count must stand still before it is read.")
    var statsSettle = 11
    @Flag(help: "Print the results as JSON.") var json = false

    /// The longest the load or the warm-up may take.
    static let preparationSeconds = 600.0

    func validate() throws {
        for (option, value, range) in [
            ("--artifacts", artifacts, NumericRange(1, 10_000_000)),
            ("--value-size", valueSize, NumericRange(1, 4 << 20, unit: "bytes")),
            ("--concurrency", concurrency, NumericRange(1, 1024)),
            ("--count", count, NumericRange(1, 100_000_000)),
            ("--seconds", seconds, NumericRange(1, 3600, unit: "seconds")),
            ("--stats-settle", statsSettle, NumericRange(0, 60, unit: "seconds")),
        ] where !range.contains(Int64(value)) {
            throw ValidationError(range.outOfRange(option, text: "\(value)").message)
        }
        guard (coldGRPC == nil) == (coldRESP == nil) else {
            throw ValidationError("--cold-grpc and --cold-resp go together: give both or neither")
        }
        _ = try GRPCBenchmark.target(grpc, option: "--grpc")
        _ = try Self.endpoint(resp, option: "--resp")
        if let coldGRPC, let coldRESP {
            _ = try GRPCBenchmark.target(coldGRPC, option: "--cold-grpc")
            _ = try Self.endpoint(coldRESP, option: "--cold-resp")
        }
    }

    func run() async throws {
        let keys = try GRPCBenchKeys(run: "r-" + UUID().uuidString.prefix(8).lowercased(), count: artifacts)
        let loop = ClosedLoop(callers: concurrency, count: count, seconds: Double(seconds))
        var report = GRPCBenchReport(
            artifacts: artifacts, valueSize: valueSize, callers: concurrency, count: count, seconds: seconds,
            grpc: grpc, resp: resp, cold: coldGRPC.map { "gRPC \($0), RESP \(coldRESP ?? "-")" })
        var counter: StatementCounter?
        if let databaseURL {
            counter = try await StatementCounter.open(databaseURL: databaseURL)
            counter?.settleTime = .seconds(statsSettle)
        }
        (report.counter, report.database) = (counter?.method.rawValue, counter?.database)
        var phases = GRPCBenchPhases(counter: counter)
        try await GRPCBenchmark.with(
            grpc: grpc, resp: .init(endpoint: try Self.endpoint(resp, option: "--resp")), keys: keys, loop: loop
        ) { bench in
            report.note("loading \(artifacts) artifacts of \(valueSize) bytes into \(keys.dataset)", quiet: json)
            report.load = try await bench.load(valueSize: valueSize, seconds: Self.preparationSeconds)
            guard report.load?.operations == artifacts else {
                throw CairnError(.unavailable, "loading took longer than \(Int(Self.preparationSeconds)) s")
            }
            try await bench.warm(seconds: Self.preparationSeconds)
            report.note("hot hits and misses over gRPC", quiet: json)
            let hot = try await phases.measure("hot hit") { try await bench.pairs(miss: false) }
            let miss = try await phases.measure("miss") { try await bench.pairs(miss: true) }
            if counter != nil {
                report.note("an idle interval as long as the hot hits, for the background statements", quiet: json)
                report.idlePerSecond = try await phases.idle(seconds: hot.seconds)
            }
            report.note("hot hits and misses with CACHE.GET", quiet: json)
            report.rows.append(.init(name: "hot hit", pair: hot, cacheGet: try await bench.gets(miss: false)))
            report.rows.append(.init(name: "miss", pair: miss, cacheGet: try await bench.gets(miss: true)))
            phases.interrupted()
        }
        if let coldGRPC, let coldRESP {
            try await GRPCBenchmark.with(
                grpc: coldGRPC, resp: .init(endpoint: try Self.endpoint(coldRESP, option: "--cold-resp")), keys: keys,
                loop: loop
            ) { bench in
                report.note("store hits (hot cache off), gRPC then CACHE.GET", quiet: json)
                // The first GetDataset reads PostgreSQL; the server keeps the dataset after it.
                try await bench.readDataset()
                let pair = try await phases.measure("store hit (hot off)") { try await bench.pairs(miss: false) }
                report.rows.append(
                    .init(name: "store hit (hot off)", pair: pair, cacheGet: try await bench.gets(miss: false)))
            }
        }
        report.statements = phases.statements
        print(json ? try report.json() : report.text())
    }

    /// A RESP endpoint: `host:port` or a Unix socket path.
    static func endpoint(_ text: String, option: String) throws -> Endpoint {
        do {
            return try Endpoint(parsing: text)
        } catch {
            throw ValidationError("\(option) \(text): expected host:port or a Unix socket path")
        }
    }
}
