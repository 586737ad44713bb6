import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// The Prometheus endpoint: `GET /metrics` answers the text exposition of ``ServerStats`` plus the
/// hot cache's gauges; anything else is 404. A `Service` beside the catalog server.
public final class MetricsServer: Service, Sendable {
    let host: String
    let port: Int
    let catalog: CatalogServer
    let logger: Logger
    let onListening: (@Sendable (Int) -> Void)?
    private let bound = NIOLockedValueBox<Int?>(nil)

    /// - Parameters:
    ///   - host: address to listen on (the catalog's host by default).
    ///   - port: port; 0 picks a free one (see ``boundPort``).
    ///   - onListening: called once bound, with the port (the real one when `port` is 0).
    public init(
        host: String, port: Int, catalog: CatalogServer, logger: Logger = Logger(label: "cairn.metrics"),
        onListening: (@Sendable (Int) -> Void)? = nil
    ) {
        self.host = host
        self.port = port
        self.catalog = catalog
        self.logger = logger
        self.onListening = onListening
    }

    /// The port once listening.
    public var boundPort: Int? { bound.withLockedValue { $0 } }

    public func run() async throws {
        let catalog = self.catalog
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(MetricsHandler(catalog: catalog))
                }
            }
            .bind(host: host, port: port).get()
        let port = channel.localAddress?.port
        bound.withLockedValue { $0 = port }
        logger.info("metrics endpoint", metadata: ["address": "http://\(host):\(boundPort ?? 0)/metrics"])
        onListening?(boundPort ?? 0)
        try? await gracefulShutdown()
        try await channel.close()
    }
}

/// Answers one HTTP/1.1 request at a time with the metrics text.
final class MetricsHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let catalog: CatalogServer
    private var head: HTTPRequestHead?

    init(catalog: CatalogServer) { self.catalog = catalog }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request): head = request
        case .body: break
        case .end:
            guard let request = head else { return }
            head = nil
            let found = request.method == .GET && (request.uri == "/metrics" || request.uri.hasPrefix("/metrics?"))
            let body = found ? catalog.prometheusText() : "not found: try GET /metrics\n"
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: found ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain")
            headers.add(name: "Content-Length", value: "\(body.utf8.count)")
            let status: HTTPResponseStatus = found ? .ok : .notFound
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))),
                promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            if request.isKeepAlive {
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            } else {
                let written = context.eventLoop.makePromise(of: Void.self)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
                written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            }
        }
    }
}
