import ArgumentParser
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
        print(
            """
            cairn: catalog ready on \(session.description)
            cairn: schema version \(version), \(configuration.connections) pipelined connections
            cairn: the line-protocol listener is not part of this build yet; press Ctrl-C (or send SIGTERM) to stop
            """)
        fflush(nil)  // all streams: stdout is block-buffered when it is a file or a pipe (logs, containers)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: store)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
