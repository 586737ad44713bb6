import AsyncHTTPClient
import CairnCore
import Logging
import NIOCore

/// An S3 client on async-http-client: objects put whole or in parallel multipart uploads from an async
/// sequence of chunks, read as streams, listed page by page; every request signed with Signature
/// Version 4 and retried with backoff on 5xx, throttling and connection errors.
///
/// Call ``shutdown()`` when done; it closes the connections.
public final class S3Client: Sendable {
    /// The limits and addressing this client was made with.
    public let configuration: Configuration
    let endpoint: S3Endpoint
    let signer: SignatureV4
    let http: HTTPClient
    let logger: Logger

    /// A client for `configuration`'s endpoint that signs with `credentials`; an error names a bad setting.
    public init(
        configuration: Configuration, credentials: S3Credentials, logger: Logger = Logger(label: "cairn.s3")
    ) throws {
        try configuration.validate()
        self.configuration = configuration
        self.endpoint = try S3Endpoint(configuration: configuration)
        self.signer = SignatureV4(credentials: credentials, region: configuration.region)
        self.logger = logger
        var pool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.maxConnections)
        // The client retries with its own backoff and attempt limit; the pool's would wait out the
        // connect timeout on a refused connection before the first attempt even failed.
        pool.retryConnectionEstablishment = false
        var http = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: Self.timeAmount(configuration.connectTimeout), read: Self.timeAmount(configuration.readTimeout)
            ),
            connectionPool: pool,
            decompression: .disabled)
        http.httpVersion = .http1Only
        self.http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
    }

    /// Closes the connections; the client cannot be used afterwards.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    /// A description of the endpoint for messages: `http://127.0.0.1:9000`.
    var endpointDescription: String {
        "\(endpoint.scheme)://\(endpoint.host)\(endpoint.port.map { ":\($0)" } ?? "")"
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
