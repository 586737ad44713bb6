import CairnCore
import Foundation
import Logging

/// A private PostgreSQL cluster in a directory of Cairn's own, for running without a database
/// URL. Initialised on first use, reused afterwards, listening only on a Unix socket inside the
/// directory (permissions 0700) unless TCP is asked for. When Cairn runs as root, the cluster runs
/// as the unprivileged `postgres` user, because PostgreSQL refuses to run as root.
///
/// Layout: `<dir>/pgdata` (the cluster), `<dir>/run` (the socket), `<dir>/postgres.log`.
public final class EmbeddedPostgres: Sendable {
    public struct Configuration: Sendable {
        /// The directory holding the cluster (`--data-dir`, default `./.cairn`).
        public var directory: String
        /// The port: the socket's name, and the TCP port if ``tcpHost`` is set.
        public var port = 5432
        /// Also listen on TCP at this address (with password-less access: loopback only is wise).
        public var tcpHost: String?
        /// The database Cairn uses inside the cluster.
        public var database = "cairn"
        /// The superuser initdb creates.
        public var user = "cairn"
        /// The unprivileged account the server runs as when Cairn runs as root.
        public var systemUser = "postgres"

        public init(directory: String) { self.directory = directory }
    }

    public let configuration: Configuration
    private let installation: PostgresInstallation
    private let runAs: String?
    private let logger: Logger

    public var dataDirectory: String { configuration.directory + "/pgdata" }
    public var socketDirectory: String { configuration.directory + "/run" }
    public var logFile: String { configuration.directory + "/postgres.log" }

    /// The libpq connection string for Cairn's database in this cluster.
    public var databaseURL: String { connectionString(database: configuration.database) }

    /// - Throws: ``CairnError/Code/unavailable`` when PostgreSQL is not installed, or when running
    ///   as root without the unprivileged account.
    public init(configuration: Configuration, logger: Logger = Logger(label: "cairn.embedded-postgres")) throws {
        var configuration = configuration
        configuration.directory = URL(fileURLWithPath: configuration.directory).standardizedFileURL.path
        self.configuration = configuration
        self.logger = logger
        installation = try PostgresInstallation.locate()
        if geteuid() == 0 {
            guard getpwnam(configuration.systemUser) != nil else {
                throw CairnError(
                    .unavailable,
                    "running as root, but there is no `\(configuration.systemUser)` user to run "
                        + "PostgreSQL as (it refuses to run as root); install the postgresql package or create the user"
                )
            }
            runAs = configuration.systemUser
        } else {
            runAs = nil
        }
        let socket = socketDirectory + "/.s.PGSQL.\(configuration.port)"
        if socket.utf8.count > 107 {
            throw CairnError.invalid(
                "data-dir",
                "\(configuration.directory) is too long for a Unix socket path "
                    + "(\(socket.utf8.count) bytes, 107 allowed); choose a shorter directory")
        }
    }

    func connectionString(database: String) -> String {
        let host = socketDirectory.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "'", with: "\\'")
        return "host='\(host)' port=\(configuration.port) user=\(configuration.user) dbname=\(database)"
    }

    /// Initialises the cluster if needed, starts it unless it is running, and creates Cairn's database.
    /// Blocking (it waits for PostgreSQL).
    /// - Returns: whether this call started the server (and so should stop it).
    @discardableResult
    public func start() throws -> Bool {
        try prepareDirectories()
        if !FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") {
            logger.info("initialising a private PostgreSQL cluster", metadata: ["directory": "\(dataDirectory)"])
            try runTool(
                installation.initdb,
                [
                    "-D", dataDirectory, "-U", configuration.user, "--auth=trust",
                    "-E", "UTF8", "--locale=C", "--no-instructions",
                ], what: "initdb")
        }
        var started = false
        if try !isRunning() {
            let listen = configuration.tcpHost.map { "'\($0)'" } ?? "''"
            let options =
                "-c listen_addresses=\(listen) -c unix_socket_directories='\(socketDirectory)' "
                + "-c unix_socket_permissions=0700 -p \(configuration.port)"
            try runTool(
                installation.pgCtl, ["-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-o", options, "start"],
                what: "pg_ctl start")
            started = true
        }
        try createDatabase()
        return started
    }

    /// Stops the server (fast shutdown: open transactions are rolled back, data is safe).
    public func stop() throws {
        guard try isRunning() else { return }
        try runTool(
            installation.pgCtl, ["-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], what: "pg_ctl stop")
    }

    /// Whether a server is running on this data directory.
    public func isRunning() throws -> Bool {
        guard FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") else { return false }
        return try ProcessRunner.run(installation.pgCtl, ["-D", dataDirectory, "status"], as: runAs).status == 0
    }

    private func prepareDirectories() throws {
        let files = FileManager.default
        for directory in [configuration.directory, socketDirectory] {
            try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        if !files.fileExists(atPath: dataDirectory) {
            try files.createDirectory(
                atPath: dataDirectory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
        if !files.fileExists(atPath: logFile) { _ = files.createFile(atPath: logFile, contents: nil) }
        try files.setAttributes([.posixPermissions: 0o700], ofItemAtPath: socketDirectory)
        guard let user = runAs, let account = getpwnam(user) else { return }
        for path in [dataDirectory, socketDirectory, logFile]
        where chown(path, account.pointee.pw_uid, account.pointee.pw_gid) != 0 {
            throw CairnError(
                .unavailable, "cannot hand \(path) to the \(user) user: \(String(cString: strerror(errno)))")
        }
        // The server must be able to reach its directory through every parent.
        if try ProcessRunner.run("/usr/bin/test", ["-x", configuration.directory], as: user).status != 0 {
            throw CairnError(
                .unavailable,
                "the \(user) user cannot enter \(configuration.directory) (PostgreSQL runs as "
                    + "\(user) when cairn runs as root); choose a --data-dir outside private directories such as /root")
        }
    }

    private func runTool(_ path: String, _ arguments: [String], what: String) throws {
        let output = try ProcessRunner.run(path, arguments, as: runAs)
        guard output.status == 0 else {
            var message = "\(what) failed (exit \(output.status)): \(output.text.suffix(2000))"
            if let log = try? String(contentsOfFile: logFile, encoding: .utf8), !log.isEmpty {
                message +=
                    "\nlast lines of \(logFile):\n" + log.split(separator: "\n").suffix(10).joined(separator: "\n")
            }
            throw CairnError(.unavailable, message)
        }
    }

    private func createDatabase() throws {
        let connection = try PGConnection(connectionString: connectionString(database: "postgres"), connectTimeout: 10)
        var name = PGBind()
        name.append(configuration.database)
        let existing = try connection.execute("SELECT 1 FROM pg_database WHERE datname = $1::text", name)
        if existing.rowCount == 0 {
            let quoted = configuration.database.replacingOccurrences(of: "\"", with: "\"\"")
            try connection.execute("CREATE DATABASE \"\(quoted)\"")
        }
    }
}
