import ArgumentParser
import CairnCore
import CairnStore
import Foundation
import Logging

/// Where the catalog's PostgreSQL is: a URL, or an embedded cluster under the data directory.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: "PostgreSQL connection string or URL (env CAIRN_DATABASE_URL). Without one, Cairn runs its own cluster.")
    var databaseURL: String?

    @Option(
        name: .customLong("data-dir"),
        help: "Directory for the embedded PostgreSQL (env CAIRN_DATA_DIR; default ./.cairn).")
    var dataDirectory: String?

    @Option(
        name: .customLong("postgres-port"),
        help: "Port of the embedded PostgreSQL (env CAIRN_POSTGRES_PORT; default 5432).")
    var postgresPort: Int?

    @Option(
        name: .customLong("postgres-listen"),
        help:
            "Let the embedded PostgreSQL also listen on TCP at this address (env CAIRN_POSTGRES_LISTEN; default: socket only)."
    )
    var postgresListen: String?

    @Option(
        name: .customLong("db-connections"),
        help: "PostgreSQL connections in the pool (env CAIRN_DB_CONNECTIONS; default: one per core, at least 2).")
    var connections: Int?

    @Option(
        name: .customLong("log-level"),
        help: "trace, debug, info, notice, warning, error or critical (env CAIRN_LOG_LEVEL).")
    var logLevel: String?

    func validate() throws {
        if let level = resolvedLogLevelName, Logger.Level(rawValue: level) == nil {
            throw ValidationError("unknown log level \(level)")
        }
        _ = try resolvedConnections()
    }

    private var resolvedLogLevelName: String? { logLevel ?? Setting.logLevel.environmentValue }

    /// `--data-dir`, else `CAIRN_DATA_DIR`, else `./.cairn`: the embedded cluster's home and the
    /// default parent of other local directories (blobs, runs).
    var resolvedDataDirectory: String { dataDirectory ?? Setting.dataDirectory.environmentValue ?? "./.cairn" }

    var resolvedLogLevel: Logger.Level { resolvedLogLevelName.flatMap(Logger.Level.init(rawValue:)) ?? .info }

    func resolvedConnections() throws -> Int {
        try Setting.databaseConnections.integer(
            overriding: connections, option: "--db-connections", in: NumericRange(1, 256))
            ?? CairnStore.Configuration(databaseURL: "").connections
    }

    /// Opens the database: the URL if one is given, otherwise the embedded cluster (started if needed).
    func open(logger: Logger) async throws -> DatabaseSession {
        if let url = databaseURL ?? Setting.databaseURL.environmentValue {
            return DatabaseSession(
                url: url, description: "PostgreSQL at \(Self.redacted(url))", embedded: nil, startedServer: false)
        }
        var configuration = EmbeddedPostgres.Configuration(directory: resolvedDataDirectory)
        if let port = try Setting.postgresPort.integer(
            overriding: postgresPort, option: "--postgres-port", in: NumericRange(1, 65_535))
        {
            configuration.port = port
        }
        configuration.tcpHost = postgresListen ?? Setting.postgresListen.environmentValue
        let embedded = try EmbeddedPostgres(configuration: configuration, logger: logger)
        let started = try await Blocking.run { try embedded.start() }
        var description = "embedded PostgreSQL in \(embedded.dataDirectory), socket in \(embedded.socketDirectory)"
        if let host = configuration.tcpHost { description += ", TCP \(host):\(configuration.port)" }
        return DatabaseSession(
            url: embedded.databaseURL, description: description, embedded: embedded, startedServer: started)
    }

    /// A URL with its password replaced, for printing.
    static func redacted(_ url: String) -> String {
        guard let components = URLComponents(string: url), components.password != nil else {
            // Keyword form: libpq allows spaces around `=` and single-quoted values with \' escapes.
            return url.replacingOccurrences(
                of: #"password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)"#, with: "password=***",
                options: .regularExpression)
        }
        var copy = components
        copy.password = "***"
        return copy.string ?? url
    }
}

/// An open database: its URL, and the embedded cluster to stop afterwards if this run started it.
struct DatabaseSession: Sendable {
    var url: String
    var description: String
    var embedded: EmbeddedPostgres?
    var startedServer: Bool

    /// Stops the embedded server if this session started it.
    func close() async {
        guard startedServer, let embedded else { return }
        do { try await Blocking.run { try embedded.stop() } } catch {
            FileHandle.standardError.write(Data("cairn: stopping the embedded PostgreSQL failed: \(error)\n".utf8))
        }
    }
}
