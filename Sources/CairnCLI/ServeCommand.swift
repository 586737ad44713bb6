import ArgumentParser
import CairnServer
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

    @Option(help: "TCP address to listen on (env CAIRN_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "TCP port to listen on (env CAIRN_PORT; default 7379).")
    var port: Int?

    @Option(
        name: .customLong("unix-socket"),
        help: "Unix socket path (env CAIRN_UNIX_SOCKET; default <data-dir>/cairn.sock; 'none' for no socket).")
    var unixSocket: String?

    @Flag(name: .customLong("no-migrate"), help: "Do not apply missing migrations at start (env CAIRN_MIGRATE=false).")
    var noMigrate = false

    func run() async throws {
        let logger = LogSetup.bootstrap(level: database.resolvedLogLevel)
        let session = try await database.open(logger: logger)
        do {
            try await serve(session, logger: logger)
        } catch {
            await session.close()
            throw error
        }
        await session.close()
        print("cairn: stopped\(session.startedServer ? " (and the embedded PostgreSQL with it)" : "").")
    }

    private func serve(_ session: DatabaseSession, logger: Logger) async throws {
        let migrate = !noMigrate && (Setting.migrateOnStart.environmentValue.map { $0 != "false" && $0 != "0" } ?? true)
        if migrate {
            let url = session.url
            let report = try await Blocking.run { try Migrator.migrate(databaseURL: url, logger: logger) }
            if !report.applied.isEmpty {
                print("cairn: migrated the schema from version \(report.from) to \(report.to)")
            }
        }
        var configuration = CairnStore.Configuration(databaseURL: session.url)
        configuration.connections = try database.resolvedConnections()
        let store = try await CairnStore.connect(configuration: configuration, logger: logger)
        let version = try await store.schemaVersion()
        var server = CatalogServer.Configuration()
        server.host = host ?? Setting.host.environmentValue ?? server.host
        if let port = port ?? Setting.port.environmentValue.flatMap(Int.init) { server.port = port }
        let socket =
            unixSocket ?? Setting.unixSocket.environmentValue
            ?? ((database.dataDirectory ?? Setting.dataDirectory.environmentValue ?? "./.cairn") + "/cairn.sock")
        if socket != "none" {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: socket).deletingLastPathComponent(), withIntermediateDirectories: true)
            server.unixSocket = socket
        }
        let catalog = CatalogServer(configuration: server, store: store, logger: logger)
        print(
            """
            cairn: catalog on \(session.description)
            cairn: schema version \(version), \(configuration.connections) pipelined connections
            cairn: listening on \(server.host):\(server.port)\(server.unixSocket.map { " and unix:" + $0 } ?? "")
            cairn: try `redis-cli -p \(server.port) PING`; press Ctrl-C (or send SIGTERM) to stop
            """)
        fflush(nil)  // all streams: stdout is block-buffered in files and pipes (logs, containers)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: store), .init(service: catalog)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}
