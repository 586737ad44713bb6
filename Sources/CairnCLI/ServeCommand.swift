import ArgumentParser
import CairnBlobs
import CairnCore
import CairnFlyte
import CairnHTTP
import CairnMaintenance
import CairnServer
import CairnService
import CairnStore
import Foundation
import Logging
import ServiceLifecycle

/// `cairn serve`: opens the catalog (migrating it) and runs until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the catalog: open (and migrate) the PostgreSQL store, then serve until stopped."
    )

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var server: ServerOptions

    @OptionGroup var maintenance: MaintenanceOptions

    @OptionGroup var blobs: BlobOptions

    @OptionGroup var grpc: GRPCOptions

    @OptionGroup var budget: BudgetOptions

    @Option(
        name: .customLong("sweep-interval"),
        help: "Time between expiry sweeps, e.g. 60s; 0 turns them off (env CAIRN_SWEEP_INTERVAL; default 60s).")
    var sweepInterval: String?

    @Flag(name: .customLong("no-migrate"), help: "Do not apply missing migrations at start (env CAIRN_MIGRATE=false).")
    var noMigrate = false

    func run() async throws {
        let logger = LogSetup.bootstrap(level: database.resolvedLogLevel)
        let dataDirectory = database.resolvedDataDirectory
        // Checked before anything starts: a bad password file must not leave a cluster running.
        var configuration = try server.configuration(dataDirectory: dataDirectory)
        configuration.maintenance.purge = try maintenance.purgeConfiguration()
        configuration.maintenance.collector = try maintenance.collectorConfiguration()
        let httpPort = try server.resolvedHTTPPort()
        let session = try await database.open(logger: logger)
        do {
            try await serve(session, configuration, httpPort: httpPort, logger: logger)
        } catch {
            await session.close()
            throw error
        }
        await session.close()
        print("cairn: stopped\(session.startedServer ? " (and the embedded PostgreSQL with it)" : "").")
    }

    private func serve(
        _ session: DatabaseSession, _ configuration: CatalogServer.Configuration, httpPort: Int?, logger: Logger
    ) async throws {
        // After the database: an embedded cluster creates the data directory with the modes it needs.
        // Shut down on every path once open, start-up failures included (an S3 client must be).
        try await maintenance.blobs.withStore(dataDirectory: database.resolvedDataDirectory) { blobStore in
            try await serve(session, configuration, blobStore: blobStore, httpPort: httpPort, logger: logger)
        }
    }

    private func serve(
        _ session: DatabaseSession, _ configuration: CatalogServer.Configuration, blobStore: any BlobStore,
        httpPort: Int?, logger: Logger
    ) async throws {
        var configuration = configuration
        configuration.blobStore = blobStore
        configuration.blobCheck = try blobs.requestedCheck()
        let migrate = !noMigrate && (Setting.migrateOnStart.environmentValue.map { $0 != "false" && $0 != "0" } ?? true)
        if migrate {
            let url = session.url
            let report = try await Blocking.run { try Migrator.migrate(databaseURL: url, logger: logger) }
            if !report.applied.isEmpty {
                print("cairn: migrated the schema from version \(report.from) to \(report.to)")
            }
        }
        var storeConfiguration = CairnStore.Configuration(databaseURL: session.url)
        storeConfiguration.connections = try database.resolvedConnections()
        let store = try await CairnStore.connect(configuration: storeConfiguration, logger: logger)
        let version = try await store.schemaVersion()
        if let socket = configuration.unixSocket {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: socket).deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        let access =
            configuration.passwords.required
            ? "passwords required (AUTH)" : "protected mode: no passwords, loopback and Unix-socket clients only"
        let (host, socket) = (configuration.host, configuration.unixSocket)
        configuration.onListening = { port in
            print(
                """
                cairn: listening on \(host):\(port)\(socket.map { " and unix:" + $0 } ?? ""), \(access)
                cairn: try `redis-cli -p \(port) PING`; press Ctrl-C (or send SIGTERM) to stop
                """)
            fflush(nil)  // all streams: stdout is block-buffered in files and pipes (logs, containers)
        }
        configuration.otherRequests = FlyteGRPCServer.methodNames
        let catalog = CatalogServer(configuration: configuration, store: store, logger: logger)
        let stats = catalog.stats
        let sweeper = ExpirySweeper(
            databaseURL: session.url, blobStore: configuration.blobStore,
            configuration: try sweeperConfiguration(configuration.maintenance), logger: logger,
            onSwept: { stats.recordEvictions(.ttl, count: Int($0.artifacts)) })
        let keeper = BudgetKeeper(
            configuration: try budget.configuration(batchSize: configuration.maintenance.purge.batchSize),
            service: catalog.service, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: store), .init(service: catalog), .init(service: sweeper), .init(service: keeper),
        ]
        if let httpPort {
            // After the catalog: the group stops it first, so it drains while the store still answers
            // /readyz. Printed once bound: with --http-port 0 only then is the port known.
            var http = HTTPListener.Configuration()
            (http.host, http.port, http.passwords) = (host, httpPort, configuration.passwords)
            http.flyteCache = FlyteCacheHandler(service: catalog.service, configuration: try grpc.flyteConfiguration())
            http.flyteAccess = try grpc.access(configuration.passwords)
            http.onListening = { port in
                print("cairn: http on http://\(host):\(port) (/metrics, /healthz, /readyz)")
                fflush(nil)
            }
            let listener = HTTPListener(
                configuration: http, catalog: catalog, blobStore: configuration.blobStore,
                logger: logger)
            services.append(.init(service: listener))
        }
        if var grpc = try grpc.configuration(host: host, passwords: configuration.passwords) {
            // Last: the group stops it first, and its calls in flight finish while the store answers.
            let security = grpc.tls == nil ? "plaintext h2c" : "TLS"
            grpc.onListening = { port in
                print("cairn: grpc on \(host):\(port) (\(security): datacatalog.DataCatalog, flyteidl2 cache service)")
                fflush(nil)
            }
            services.append(
                .init(service: FlyteGRPCServer(configuration: grpc, service: catalog.service, logger: logger)))
        }
        print(
            """
            cairn: catalog on \(session.description)
            cairn: schema version \(version), \(storeConfiguration.connections) pipelined connections
            cairn: hot cache \(configuration.hotCache.maxBytes >> 20) MiB, \(BlobOptions.describe(configuration.blobCheck, configuration.blobStore))
            cairn: \(sweeper.configuration.interval > .zero ? "expiry sweep every \(sweeper.configuration.interval)" : "no expiry sweeps"), blobs in \(configuration.blobStore.map(BlobOptions.place) ?? "-")
            cairn: \(Self.describe(keeper.configuration))
            """)
        fflush(nil)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }

    /// The budget line of the start-up banner.
    static func describe(_ budget: BudgetKeeper.Configuration) -> String {
        guard let maxBytes = budget.maxBytes, let lowWater = budget.lowWaterBytes else {
            return "no size budget (--max-size)"
        }
        return "size budget \(maxBytes) bytes, evicting the least recently hit down to \(lowWater)"
    }

    private func sweeperConfiguration(_ maintenance: CatalogServer.Maintenance) throws -> ExpirySweeper.Configuration {
        var configuration = ExpirySweeper.Configuration()
        configuration.purge = maintenance.purge
        configuration.collector = maintenance.collector
        if let text = sweepInterval ?? Setting.sweepInterval.environmentValue {
            guard let interval = DurationText.duration(text) else {
                throw ValidationError("--sweep-interval is not a duration like 60s: \(text)")
            }
            configuration.interval = interval
        }
        return configuration
    }
}
