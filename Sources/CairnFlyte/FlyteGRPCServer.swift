import CairnFlyteProtocol
import CairnService
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import ServiceLifecycle
import Synchronization

/// The gRPC listener: Flyte 1's `datacatalog.DataCatalog` (and Flyte 2's cache services, which the
/// HTTP listener also serves over Connect) on HTTP/2, plaintext (h2c) or TLS. A `Service` beside the
/// catalog server: graceful shutdown stops accepting, lets the calls in flight finish and closes.
///
/// Plaintext is served by ``UnaryGRPCServer``, the unary path with one frame handler per connection
/// (every method here is unary); TLS, and plaintext with ``Configuration/usesGRPCSwift``, by
/// grpc-swift-2's server on its NIO HTTP/2 transport, which makes a child channel per call.
public final class FlyteGRPCServer: Service, Sendable {
    public struct Configuration: Sendable {
        /// Address to listen on.
        public var host = "127.0.0.1"
        /// Port; 0 picks a free one (see ``FlyteGRPCServer/boundPort``).
        public var port = 8089
        /// PEM files of the certificate chain and its key; `nil` serves plaintext HTTP/2.
        public var tls: (certificateChain: String, privateKey: String)?
        /// The largest request message accepted (bytes); a larger one is refused with `RESOURCE_EXHAUSTED`.
        public var maxRequestBytes = 16 << 20
        /// Who may call.
        public var access = FlyteAccess(authenticate: nil)
        /// Reservation heartbeats and the like.
        public var flyte = FlyteConfiguration()
        /// Serves plaintext with grpc-swift's server instead of the unary path (TLS always is).
        public var usesGRPCSwift = false
        /// Called once bound, with the port (the real one when `port` is 0).
        public var onListening: (@Sendable (Int) -> Void)?

        public init() {}
    }

    /// What serves the calls.
    enum Backend: Sendable {
        case unary(UnaryGRPCServer)
        case grpcSwift(GRPCServer<HTTP2ServerTransport.Posix>)
    }

    let configuration: Configuration
    let backend: Backend
    let logger: Logger
    private let bound = Mutex<Int?>(nil)

    public init(configuration: Configuration, service: CatalogService, logger: Logger = Logger(label: "cairn.grpc")) {
        self.configuration = configuration
        self.logger = logger
        let dataCatalog = DataCatalogHandler(service: service, configuration: configuration.flyte)
        let cache = FlyteCacheHandler(service: service, configuration: configuration.flyte)
        guard configuration.tls != nil || configuration.usesGRPCSwift else {
            backend = .unary(
                UnaryGRPCServer(
                    host: configuration.host, port: configuration.port, methods: dataCatalog.methods + cache.methods,
                    maxRequestBytes: configuration.maxRequestBytes, access: configuration.access,
                    stats: service.stats, logger: logger))
            return
        }
        var transportConfiguration = HTTP2ServerTransport.Posix.Config.defaults
        transportConfiguration.rpc.maxRequestPayloadSize = configuration.maxRequestBytes
        let security: HTTP2ServerTransport.Posix.TransportSecurity =
            if let tls = configuration.tls {
                .tls(
                    certificateChain: [.file(path: tls.certificateChain, format: .pem)],
                    privateKey: .file(path: tls.privateKey, format: .pem))
            } else {
                .plaintext
            }
        backend = .grpcSwift(
            GRPCServer(
                transport: .http2NIOPosix(
                    address: configuration.host.contains(":")
                        ? .ipv6(host: configuration.host, port: configuration.port)
                        : .ipv4(host: configuration.host, port: configuration.port),
                    transportSecurity: security,
                    config: transportConfiguration),
                services: [dataCatalog, cache],
                interceptors: [StatsInterceptor(stats: service.stats), AccessInterceptor(access: configuration.access)]
            ))
    }

    /// The names the listener's methods are timed under (see ``CatalogServer/Configuration/otherRequests``).
    public static var methodNames: [String] {
        (Datacatalog_DataCatalog.Method.descriptors + Flyteidl2_Cacheservice_CacheService.Method.descriptors
            + Flyteidl2_Cacheservice_V2_CacheService.Method.descriptors).map(StatsInterceptor.name)
    }

    /// The port once listening.
    public var boundPort: Int? { bound.withLock { $0 } }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            switch backend {
            case .unary(let server):
                try await server.run { port in listening(port) }
            case .grpcSwift(let server):
                try await withThrowingDiscardingTaskGroup { group in
                    group.addTask { try await server.serve() }
                    guard let address = try await server.listeningAddress,
                        let port = address.ipv4?.port ?? address.ipv6?.port
                    else { return }
                    listening(port)
                }
            }
        } onGracefulShutdown: {
            self.beginGracefulShutdown()
        }
    }

    /// Stops accepting, lets the calls in flight finish, then closes every connection.
    func beginGracefulShutdown() {
        switch backend {
        case .unary(let server): server.beginGracefulShutdown()
        case .grpcSwift(let server): server.beginGracefulShutdown()
        }
    }

    private func listening(_ port: Int) {
        bound.withLock { $0 = port }
        logger.info("grpc listener", metadata: ["address": "\(configuration.host):\(port)"])
        configuration.onListening?(port)
    }
}
