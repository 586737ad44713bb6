import CairnBlobs
import CairnProtocol
import CairnService
import CairnStore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The catalog server: RESP over TCP and a Unix socket, commands translated to a
/// ``CatalogService`` (the catalog's rules, the hot cache, the blob check) over a ``CairnStore``. A `Service`: graceful shutdown stops accepting, lets every
/// connection finish the requests it has read, writes their replies and closes.
public final class CatalogServer: Service, Sendable {
    public struct Configuration: Sendable {
        /// TCP address; loopback by default.
        public var host = "127.0.0.1"
        /// TCP port; 0 picks a free one (see ``CatalogServer/boundPort``).
        public var port = 7379
        /// Unix socket path, or `nil` for none. Created with mode 0600.
        public var unixSocket: String?
        /// Frame limits.
        public var limits = RESPDecoderLimits()
        /// Most open client connections; the next one is told so and closed.
        public var maxConnections = 10_000
        /// Most requests of one connection read but not yet answered; reading pauses beyond it.
        public var maxPipelineDepth = 1024
        /// A connection that sends nothing for this long is closed; `nil` never.
        public var idleTimeout: Duration? = .seconds(3600)
        /// How long graceful shutdown waits for connections to finish before closing them.
        public var drainTimeout: Duration = .seconds(10)
        /// Passwords; none means protected mode (loopback and Unix-socket clients only).
        public var passwords = Passwords()
        /// The hot cache's size.
        public var hotCache = HotCache.Configuration()
        /// What `ADMIN.PURGE` runs with (batching, the collector's grace).
        public var maintenance = Maintenance()
        /// The local blob store, where `cairn run` offloads outputs: `ADMIN.PURGE` deletes its objects
        /// once nothing references them, and the blob check looks there. `nil`: purged objects stay
        /// in the deletion queue (for a sweeper or a purge that knows the directory), and nothing
        /// is checked.
        public var blobStore: (any BlobStore)?
        /// Listen for the database's artifact change notifications so that changes made through other
        /// servers or in SQL drop hot entries (only while the hot cache is on).
        public var listensForChanges = true
        /// Whether the objects of ``blobStore`` that a hit read from the store references are checked
        /// before it is answered (off here; `cairn serve` turns it on). Hot hits are not checked again.
        public var blobCheck = BlobCheck.off
        /// Called once the listeners are bound, with the TCP port (the real one when `port` is 0).
        public var onListening: (@Sendable (Int) -> Void)?
        /// Requests of other front ends (gRPC methods, Connect procedures) timed under their own
        /// names in `cairn_command_duration_seconds`, beside RESP's commands.
        public var otherRequests: [String] = []

        public init() {}
    }

    let configuration: Configuration
    let executor: CommandExecutor
    let logger: Logger
    /// The catalog's rules under this front end.
    public let service: CatalogService
    let state: NIOLockedValueBox<State>

    /// The hot cache in front of the store.
    public var hotCache: HotCache { service.hotCache }
    /// Counters and latency, for `INFO` and the metrics endpoint.
    public var stats: ServerStats { service.stats }

    struct State {
        var port: Int?
        var nextClientID: Int64 = 1
        var clients: [Int64: Channel] = [:]
        var stopping = false
    }

    public init(configuration: Configuration, store: CairnStore, logger: Logger = Logger(label: "cairn.server")) {
        self.configuration = configuration
        self.logger = logger
        var serviceConfiguration = CatalogService.Configuration()
        serviceConfiguration.hotCache = configuration.hotCache
        serviceConfiguration.maintenance = configuration.maintenance
        serviceConfiguration.blobStore = configuration.blobStore
        serviceConfiguration.listensForChanges = configuration.listensForChanges
        serviceConfiguration.blobCheck = configuration.blobCheck
        let service = CatalogService(
            configuration: serviceConfiguration, store: store,
            commands: CommandTable.all.map(\.name) + configuration.otherRequests,
            logger: logger)
        self.service = service
        let state = NIOLockedValueBox(State())
        self.state = state
        self.executor = CommandExecutor(
            service: service, passwords: configuration.passwords,
            serverInfo: {
                let (port, clients) = state.withLockedValue { ($0.port ?? 0, $0.clients.count) }
                return InfoReply.ServerState(
                    tcpPort: port, unixSocket: configuration.unixSocket, connectedClients: clients,
                    maxClients: configuration.maxConnections, maxPipelineDepth: configuration.maxPipelineDepth,
                    idleTimeoutSeconds: Int(configuration.idleTimeout?.components.seconds ?? 0),
                    protectedMode: !configuration.passwords.required,
                    changeNotifications: service.changeNotifications, blobCheck: service.blobCheckDescription)
            })
    }

    /// The TCP port once listening (useful with port 0).
    public var boundPort: Int? { state.withLockedValue { $0.port } }

    /// Open client connections.
    public var connectedClients: Int { state.withLockedValue { $0.clients.count } }

    public func run() async throws {
        // Before serving: whatever is cached from here on is covered by notifications or a resync.
        await service.start()
        do {
            try await serve()
        } catch {
            await stopHelpers()
            throw error
        }
        await stopHelpers()
    }

    /// Stops what runs beside the connections, once they are done.
    private func stopHelpers() async {
        await service.stop()
    }

    private func serve() async throws {
        let tcp = try await listen(local: false) { bootstrap, initializer in
            try await bootstrap.bind(
                host: self.configuration.host, port: self.configuration.port, childChannelInitializer: initializer)
        }
        var unix: Listener?
        if let path = configuration.unixSocket {
            unix = try await listen(local: true) { bootstrap, initializer in
                try await bootstrap.bind(
                    unixDomainSocketPath: path, cleanupExistingSocketFile: true, childChannelInitializer: initializer)
            }
            chmod(path, 0o600)
        }
        // Published once every listener is bound: a caller that sees the port can use either.
        state.withLockedValue { $0.port = tcp.channel.localAddress?.port }
        logger.info(
            "listening",
            metadata: [
                "tcp": "\(configuration.host):\(boundPort ?? 0)", "unix": "\(configuration.unixSocket ?? "none")",
                "auth": "\(configuration.passwords.required ? "passwords" : "protected mode")",
            ])
        configuration.onListening?(boundPort ?? 0)
        let listeners = [tcp] + (unix.map { [$0] } ?? [])
        try await withThrowingDiscardingTaskGroup { group in
            for listener in listeners {
                group.addTask { try await self.accept(listener) }
            }
            group.addTask { await self.service.runBackground() }
            group.addTask {
                // Returns at graceful shutdown; throws when cancelled, which skips the drain.
                let graceful = (try? await gracefulShutdown()) != nil
                for listener in listeners { listener.channel.close(promise: nil) }
                await self.drainClients(graceful: graceful)
                self.service.finish()
            }
        }
    }
}
