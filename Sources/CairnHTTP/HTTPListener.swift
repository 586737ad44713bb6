import CairnBlobs
import CairnFlyte
import CairnServer
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// Cairn's HTTP listener (Hummingbird): Prometheus `GET /metrics`, `GET /healthz` and `GET /readyz`,
/// and the route groups later front ends add. A `Service` beside the catalog server: graceful
/// shutdown stops accepting, finishes the requests in flight and closes.
///
/// Access follows RESP's rules: in protected mode (no passwords) only loopback clients are served;
/// with passwords the metrics and health routes stay open (scrapers and probes rarely carry
/// credentials, and these routes reveal only counters and up/down) and every route group needs
/// HTTP Basic credentials of a user with the group's role.
public final class HTTPListener: Service, Sendable {
    public struct Configuration: Sendable {
        /// Address to listen on.
        public var host = "127.0.0.1"
        /// Port; 0 picks a free one (see ``HTTPListener/boundPort``).
        public var port = 0
        /// The catalog's passwords; none means protected mode.
        public var passwords = Passwords()
        /// How long `/readyz` waits for PostgreSQL before it answers 503.
        public var readinessTimeout: Duration = .seconds(2)
        /// Routes behind credentials.
        public var routeGroups: [HTTPRouteGroup] = []
        /// Flyte 2's cache service over Connect (`POST /flyteidl2.cacheservice[.v2].CacheService/<Method>`);
        /// `nil` serves none.
        public var flyteCache: FlyteCacheHandler?
        /// Who may call the Connect routes; `nil` follows ``passwords`` (``FlyteAccess/of(_:)``).
        public var flyteAccess: FlyteAccess?
        /// The bounds of a Connect call.
        public var connect = ConnectRoutes.Configuration()
        /// Called once bound, with the port (the real one when `port` is 0).
        public var onListening: (@Sendable (Int) -> Void)?

        public init() {}
    }

    let configuration: Configuration
    let catalog: CatalogServer
    let readiness: Readiness
    let logger: Logger
    private let bound = NIOLockedValueBox<Int?>(nil)

    /// - Parameters:
    ///   - catalog: whose counters `/metrics` serves.
    ///   - blobStore: the blob store whose directory `/readyz` checks when it is local; `nil` or S3 checks none.
    public init(
        configuration: Configuration, catalog: CatalogServer, blobStore: (any BlobStore)?,
        logger: Logger = Logger(label: "cairn.http")
    ) {
        self.configuration = configuration
        self.catalog = catalog
        self.readiness = Readiness(
            service: catalog.service, blobDirectory: (blobStore as? LocalBlobStore)?.root,
            timeout: configuration.readinessTimeout)
        self.logger = logger
    }

    /// The port once listening.
    public var boundPort: Int? { bound.withLockedValue { $0 } }

    public func run() async throws {
        let application = Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), reuseAddress: true),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                self.bound.withLockedValue { $0 = port }
                self.logger.info("http listener", metadata: ["address": "http://\(self.configuration.host):\(port)"])
                self.configuration.onListening?(port)
            },
            logger: logger)
        try await application.run()
    }
}
