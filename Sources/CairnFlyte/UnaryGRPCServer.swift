import CairnService
import GRPCCore
import Logging
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
import Synchronization

/// The plaintext gRPC listener's unary path: each connection's pipeline is `NIOHTTP2Handler`
/// (server mode, no stream multiplexer), NIO's connection manager (keepalive, graceful GOAWAY) and
/// one ``GRPCFrameHandler`` for all its streams, so a call costs no child channel, pipeline or
/// async writer of its own. It serves the methods of ``UnaryMethod`` tables, with the statistics
/// and access rules of grpc-swift's interceptors (``StatsInterceptor``, ``FlyteAccess``).
final class UnaryGRPCServer: Sendable {
    /// A method as the handler finds it by `:path`.
    struct Route: Sendable {
        let method: any UnaryMethod
        /// The name it is timed under (``StatsInterceptor/name(_:)``).
        let command: String
        /// Its short name, which ``FlyteAccess`` reads.
        let name: String
    }

    /// What every connection's handler shares.
    struct Routes: Sendable {
        /// By `/package.Service/Method`.
        let byPath: [String: Route]
        let maxRequestBytes: Int
        let access: FlyteAccess
        let stats: ServerStats
        let logger: Logger
        /// The inbound flow-control window the handler keeps open, per stream and for the connection.
        let windowSize = 4 << 20
    }

    private struct State {
        var listener: (any Channel)?
        var connections: [ObjectIdentifier: any Channel] = [:]
        var isShuttingDown = false
    }

    let host: String
    let port: Int
    let routes: Routes
    private let state = Mutex(State())

    init(
        host: String, port: Int, methods: [any UnaryMethod], maxRequestBytes: Int, access: FlyteAccess,
        stats: ServerStats, logger: Logger
    ) {
        (self.host, self.port) = (host, port)
        let byPath = Dictionary(
            methods.map {
                (
                    "/" + $0.descriptor.fullyQualifiedMethod,
                    Route(method: $0, command: StatsInterceptor.name($0.descriptor), name: $0.descriptor.method)
                )
            }
        ) { first, _ in first }
        routes = Routes(
            byPath: byPath, maxRequestBytes: maxRequestBytes, access: access, stats: stats, logger: logger)
    }

    /// Binds, reports the port to `onListening`, and serves until ``beginGracefulShutdown()`` and
    /// every connection has closed.
    func run(onListening: (Int) -> Void) async throws {
        let listener = try await bootstrap().bind(host: host, port: port).get()
        let stopNow = state.withLock {
            $0.listener = listener
            return $0.isShuttingDown
        }
        if stopNow { listener.close(promise: nil) }
        onListening(listener.localAddress?.port ?? port)
        try? await listener.closeFuture.get()
        for connection in state.withLock({ Array($0.connections.values) }) {
            try? await connection.closeFuture.get()
        }
    }

    /// Stops accepting and asks every connection to close once its calls are answered (GOAWAY).
    func beginGracefulShutdown() {
        let (listener, connections) = state.withLock {
            $0.isShuttingDown = true
            return ($0.listener, Array($0.connections.values))
        }
        listener?.close(promise: nil)
        for connection in connections {
            connection.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
    }

    private func bootstrap() -> ServerBootstrap {
        let routes = self.routes
        let settings: HTTP2Settings = [
            HTTP2Setting(parameter: .maxConcurrentStreams, value: 4096),
            HTTP2Setting(parameter: .initialWindowSize, value: routes.windowSize),
            HTTP2Setting(parameter: .maxHeaderListSize, value: HPACKDecoder.defaultMaxHeaderListSize),
        ]
        return ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    guard admit(channel) else {
                        channel.close(promise: nil)
                        return
                    }
                    try channel.pipeline.syncOperations.addHandlers([
                        NIOHTTP2Handler(mode: .server, initialSettings: settings),
                        NIOHTTP2ServerConnectionManagementHandler(
                            eventLoop: channel.eventLoop, configuration: .defaults),
                        GRPCFrameHandler(
                            routes: routes, executor: EventLoopTaskExecutor(channel.eventLoop),
                            peer: channel.remoteAddress),
                    ])
                }
            }
    }

    /// Counts a new connection in, until it closes; `false` once shutting down.
    private func admit(_ channel: any Channel) -> Bool {
        let id = ObjectIdentifier(channel)
        let admitted = state.withLock {
            guard !$0.isShuttingDown else { return false }
            $0.connections[id] = channel
            return true
        }
        if admitted {
            channel.closeFuture.whenComplete { [self] _ in state.withLock { _ = $0.connections.removeValue(forKey: id) }
            }
        }
        return admitted
    }

    /// A peer as grpc-swift names it (`ipv4:127.0.0.1:5000`), which ``FlyteAccess`` reads.
    static func peer(_ address: SocketAddress?) -> String {
        guard let address else { return "unknown" }
        return switch address {
        case .v4: "ipv4:\(address.ipAddress ?? ""):\(address.port ?? 0)"
        case .v6: "ipv6:[\(address.ipAddress ?? "")]:\(address.port ?? 0)"
        case .unixDomainSocket: "unix:\(address.pathname ?? "")"
        }
    }
}
