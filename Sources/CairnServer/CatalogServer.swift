import CairnProtocol
import CairnStore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The catalog server: RESP over TCP and a Unix socket, commands run against a ``CairnStore``.
/// A `Service`: graceful shutdown stops accepting and lets open connections finish their current
/// request.
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

        public init() {}
    }

    let configuration: Configuration
    let executor: CommandExecutor
    let logger: Logger
    private let state = Mutex(State())

    struct State {
        var port: Int?
        var connections = 0
        var nextClientID: Int64 = 1
        var clients: [Int64: Channel] = [:]
        var stopping = false
    }

    public init(configuration: Configuration, store: CairnStore, logger: Logger = Logger(label: "cairn.server")) {
        self.configuration = configuration
        self.executor = CommandExecutor(store: store)
        self.logger = logger
    }

    /// The TCP port once listening (useful with port 0).
    public var boundPort: Int? { state.withLock { $0.port } }

    public func run() async throws {
        let tcp = try await listen(
            ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: 256)
        ) { bootstrap, initializer in
            try await bootstrap.bind(
                host: self.configuration.host, port: self.configuration.port,
                childChannelInitializer: initializer)
        }
        let port = tcp.channel.localAddress?.port
        state.withLock { $0.port = port }
        var unixListener: NIOAsyncChannel<NIOAsyncChannel<RESPRequest, ByteBuffer>, Never>?
        if let path = configuration.unixSocket {
            unixListener = try await listen(ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)) {
                bootstrap, initializer in
                try await bootstrap.bind(
                    unixDomainSocketPath: path, cleanupExistingSocketFile: true,
                    childChannelInitializer: initializer)
            }
            chmod(path, 0o600)
        }
        let unix = unixListener
        logger.info(
            "listening",
            metadata: [
                "tcp": "\(configuration.host):\(port ?? 0)",
                "unix": "\(configuration.unixSocket ?? "none")",
            ])
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await self.accept(tcp, local: false) }
                if let unix { group.addTask { try await self.accept(unix, local: true) } }
            }
        } onCancelOrGracefulShutdown: {
            // Stop accepting, then close the clients: a request in flight finishes, its reply is
            // dropped with the connection (clients retry), and idle clients cannot hold shutdown up.
            tcp.channel.close(promise: nil)
            unix?.channel.close(promise: nil)
            let clients = self.state.withLock { state in
                state.stopping = true
                return Array(state.clients.values)
            }
            clients.forEach { $0.close(promise: nil) }
        }
    }

    private func listen(
        _ bootstrap: ServerBootstrap,
        bind: (
            ServerBootstrap, @escaping @Sendable (Channel) -> EventLoopFuture<NIOAsyncChannel<RESPRequest, ByteBuffer>>
        )
            async throws -> NIOAsyncChannel<NIOAsyncChannel<RESPRequest, ByteBuffer>, Never>
    ) async throws -> NIOAsyncChannel<NIOAsyncChannel<RESPRequest, ByteBuffer>, Never> {
        let limits = configuration.limits
        return try await bind(bootstrap.childChannelOption(.socketOption(.tcp_nodelay), value: 1)) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPRequestDecoder(limits: limits)))
                return try NIOAsyncChannel<RESPRequest, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
    }

    private func accept(_ listener: NIOAsyncChannel<NIOAsyncChannel<RESPRequest, ByteBuffer>, Never>, local: Bool)
        async throws
    {
        try await withThrowingDiscardingTaskGroup { group in
            try await listener.executeThenClose { inbound in
                for try await connection in inbound {
                    let admitted = state.withLock { state -> Int64? in
                        guard state.connections < configuration.maxConnections, !state.stopping else { return nil }
                        state.connections += 1
                        defer { state.nextClientID += 1 }
                        state.clients[state.nextClientID] = connection.channel
                        return state.nextClientID
                    }
                    group.addTask {
                        await Connection(server: self, channel: connection, clientID: admitted, local: local).run()
                        if let admitted {
                            self.state.withLock { state in
                                state.connections -= 1
                                state.clients[admitted] = nil
                            }
                        }
                    }
                }
            }
        }
    }
}
