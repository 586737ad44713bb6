import ArgumentParser
import CairnCore
import CairnServer
import Foundation
import Yams

/// How `cairn serve` listens and whom it lets in. Every option has a `CAIRN_*` variable; the
/// option wins when both are set.
struct ServerOptions: ParsableArguments {
    @Option(help: "TCP address to listen on (env CAIRN_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "TCP port to listen on (env CAIRN_PORT; default 7379).")
    var port: Int?

    @Option(
        name: .customLong("unix-socket"),
        help: "Unix socket path (env CAIRN_UNIX_SOCKET; default <data-dir>/cairn.sock; 'none' for no socket).")
    var unixSocket: String?

    @Option(
        name: .customLong("reader-password"),
        help: "Password of the reader user (env CAIRN_READER_PASSWORD; prefer the variable or --password-file).")
    var readerPassword: String?

    @Option(
        name: .customLong("writer-password"),
        help: "Password of the writer user, also plain `AUTH <password>` (env CAIRN_WRITER_PASSWORD).")
    var writerPassword: String?

    @Option(name: .customLong("admin-password"), help: "Password of the admin user (env CAIRN_ADMIN_PASSWORD).")
    var adminPassword: String?

    @Option(
        name: .customLong("password-file"),
        help: "YAML file with reader:, writer:, admin: passwords (env CAIRN_PASSWORD_FILE).")
    var passwordFile: String?

    @Option(
        name: .customLong("hot-cache-size"),
        help: "Hot cache budget: bytes or 64MiB, 1GiB… (env CAIRN_HOT_CACHE_SIZE; default 256MiB; 0 turns it off).")
    var hotCacheSize: String?

    @Option(name: .customLong("max-clients"), help: "Most open connections (env CAIRN_MAX_CLIENTS; default 10000).")
    var maxClients: Int?

    @Option(
        name: .customLong("max-pipeline"),
        help: "Unanswered requests per connection before reading pauses (env CAIRN_MAX_PIPELINE; default 1024).")
    var maxPipelineDepth: Int?

    @Option(
        name: .customLong("idle-timeout"),
        help: "Seconds of silence before a client is disconnected (env CAIRN_IDLE_TIMEOUT; default 3600; 0 never).")
    var idleTimeout: Int?

    @Option(
        name: .customLong("http-port"),
        help:
            "Serve HTTP on <host>:<port>: /metrics, /healthz, /readyz (env CAIRN_HTTP_PORT; default off; 0 any free port)."
    )
    var httpPort: Int?

    @Option(
        name: .customLong("metrics-port"),
        help: "Alias of --http-port (env CAIRN_METRICS_PORT).")
    var metricsPort: Int?

    /// Checks the numbers (options and variables) before anything starts.
    func validate() throws {
        _ = try configuration(dataDirectory: ".")
        _ = try resolvedHTTPPort()
    }

    /// The server configuration these options and the environment describe.
    /// - Parameter dataDirectory: where the default Unix socket goes.
    func configuration(dataDirectory: String) throws -> CatalogServer.Configuration {
        var server = CatalogServer.Configuration()
        server.host = host ?? Setting.host.environmentValue ?? server.host
        if let port = try Setting.port.integer(overriding: port, option: "--port", in: .port) { server.port = port }
        if let clients = try Setting.maxClients.integer(
            overriding: maxClients, option: "--max-clients", in: NumericRange(1, 1_000_000))
        {
            server.maxConnections = clients
        }
        if let depth = try Setting.maxPipelineDepth.integer(
            overriding: maxPipelineDepth, option: "--max-pipeline", in: NumericRange(1, 1_000_000))
        {
            server.maxPipelineDepth = depth
        }
        if let seconds = try Setting.idleTimeout.integer(
            overriding: idleTimeout, option: "--idle-timeout", in: NumericRange(0, 31_536_000, unit: "seconds"))
        {
            server.idleTimeout = seconds == 0 ? nil : .seconds(seconds)
        }
        if let size = hotCacheSize ?? Setting.hotCacheSize.environmentValue {
            guard let bytes = ByteSize.parse(size) else {
                throw ValidationError("--hot-cache-size \(size): expected bytes or a size such as 64MiB or 1GiB")
            }
            server.hotCache.maxBytes = bytes
        }
        server.passwords = try passwords()
        let socket = unixSocket ?? Setting.unixSocket.environmentValue ?? (dataDirectory + "/cairn.sock")
        server.unixSocket = socket == "none" ? nil : socket
        return server
    }

    /// The HTTP listener's port, if it is on: `--http-port` or its alias `--metrics-port` (each
    /// option over its variable).
    /// - Throws: `ValidationError` when both are given with different ports.
    func resolvedHTTPPort() throws -> Int? {
        let http = try Setting.httpPort.integer(overriding: httpPort, option: "--http-port", in: .port)
        let metrics = try Setting.metricsPort.integer(overriding: metricsPort, option: "--metrics-port", in: .port)
        if let http, let metrics, http != metrics {
            throw ValidationError(
                "--http-port (CAIRN_HTTP_PORT) is \(http) but its alias --metrics-port (CAIRN_METRICS_PORT) is "
                    + "\(metrics): give one of them, or the same port")
        }
        return http ?? metrics
    }

    /// Passwords from the file first, then the variables, then the options (later wins).
    func passwords() throws -> Passwords {
        var passwords = Passwords()
        if let path = passwordFile ?? Setting.passwordFile.environmentValue {
            passwords = try Self.readPasswordFile(path)
        }
        passwords.reader = readerPassword ?? Setting.readerPassword.environmentValue ?? passwords.reader
        passwords.writer = writerPassword ?? Setting.writerPassword.environmentValue ?? passwords.writer
        passwords.admin = adminPassword ?? Setting.adminPassword.environmentValue ?? passwords.admin
        for (name, password) in [
            ("reader", passwords.reader), ("writer", passwords.writer), ("admin", passwords.admin),
        ] {
            if let password, password.isEmpty { throw ValidationError("the \(name) password is empty") }
        }
        return passwords
    }

    static func readPasswordFile(_ path: String) throws -> Passwords {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read the password file \(path): \(error.localizedDescription)")
        }
        guard let map = try? Yams.load(yaml: text) as? [String: Any] else {
            throw ValidationError("the password file \(path) is not a YAML mapping of reader/writer/admin")
        }
        if let unknown = map.keys.first(where: { !["reader", "writer", "admin"].contains($0) }) {
            throw ValidationError("the password file \(path) has an unknown user '\(unknown)' (reader, writer, admin)")
        }
        func field(_ name: String) -> String? { map[name].map { "\($0)" } }
        return Passwords(reader: field("reader"), writer: field("writer"), admin: field("admin"))
    }
}
