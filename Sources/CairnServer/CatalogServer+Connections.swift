import CairnProtocol
import NIOCore
import NIOPosix

extension CatalogServer {
    /// A listener whose accepted connections arrive as their job streams (`nil`: refused).
    typealias Listener = NIOAsyncChannel<AsyncStream<RequestHandler.Job>?, Never>
    typealias Initializer = @Sendable (Channel) -> EventLoopFuture<AsyncStream<RequestHandler.Job>?>

    func listen(local: Bool, bind: (ServerBootstrap, @escaping Initializer) async throws -> Listener)
        async throws -> Listener
    {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 512)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
        return try await bind(bootstrap) { channel in
            channel.eventLoop.makeCompletedFuture { try self.initialize(channel, local: local) }
        }
    }

    /// Sets up one accepted connection on its event loop: admission (connection limit, protected
    /// mode), then decoder, idle timer and request handler.
    private func initialize(_ channel: Channel, local: Bool) throws -> AsyncStream<RequestHandler.Job>? {
        stats.increment(.connectionsReceived)
        let pipeline = channel.pipeline.syncOperations
        if !local, !configuration.passwords.required, !Self.isLoopback(channel.remoteAddress) {
            stats.increment(.connectionsRejected)
            try pipeline.addHandler(
                RefusalHandler(
                    message:
                        "DENIED Cairn is in protected mode: no password is configured, so only loopback and Unix-socket clients are served. Set passwords (--writer-password or CAIRN_WRITER_PASSWORD, …) to accept remote clients"
                ))
            return nil
        }
        let admitted = state.withLockedValue { state -> Int64? in
            guard state.clients.count < configuration.maxConnections, !state.stopping else { return nil }
            defer { state.nextClientID += 1 }
            state.clients[state.nextClientID] = channel
            return state.nextClientID
        }
        guard let id = admitted else {
            stats.increment(.connectionsRejected)
            try pipeline.addHandler(RefusalHandler(message: "ERR max number of clients reached"))
            return nil
        }
        channel.closeFuture.whenComplete { _ in self.forget(id) }
        let (jobs, continuation) = AsyncStream.makeStream(of: RequestHandler.Job.self)
        try pipeline.addHandler(ByteToMessageHandler(RESPRequestDecoder(limits: configuration.limits)))
        if let idle = configuration.idleTimeout {
            try pipeline.addHandler(
                IdleStateHandler(
                    readTimeout: TimeAmount.nanoseconds(
                        Int64(idle.components.seconds) * 1_000_000_000 + idle.components.attoseconds / 1_000_000_000)))
        }
        try pipeline.addHandler(
            RequestHandler(
                executor: executor, session: Session(id: id, passwordsRequired: configuration.passwords.required),
                maxPipelineDepth: configuration.maxPipelineDepth, jobs: continuation))
        return jobs
    }

    /// Runs the accepted connections' store work until each connection closes.
    func accept(_ listener: Listener) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await listener.executeThenClose { inbound in
                for try await jobs in inbound {
                    guard let jobs else { continue }
                    group.addTask {
                        await withDiscardingTaskGroup { requests in
                            for await job in jobs { requests.addTask { await job() } }
                        }
                    }
                }
            }
        }
    }

    /// Asks every connection to finish and close; after the drain timeout (or at once when not
    /// graceful) closes whatever is left.
    func drainClients(graceful: Bool) async {
        let clients = state.withLockedValue { state in
            state.stopping = true
            return Array(state.clients.values)
        }
        for client in clients {
            client.pipeline.fireUserInboundEventTriggered(RequestHandler.Drain())
        }
        let deadline = ContinuousClock.now + (graceful ? configuration.drainTimeout : .zero)
        while connectedClients > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let left = state.withLockedValue { Array($0.clients.values) }
        for client in left { client.close(promise: nil) }
        if !left.isEmpty {
            logger.warning("closed connections that did not drain in time", metadata: ["count": "\(left.count)"])
        }
    }

    private func forget(_ id: Int64) {
        state.withLockedValue { _ = $0.clients.removeValue(forKey: id) }
    }

    /// Whether a client connects from the loopback interface, the only TCP clients protected mode
    /// serves (the HTTP listener applies the same rule).
    package static func isLoopback(_ address: SocketAddress?) -> Bool {
        guard let ip = address?.ipAddress else { return false }
        return ip == "::1" || ip.hasPrefix("127.") || ip.hasPrefix("::ffff:127.")
    }
}

/// Tells a refused client why, then closes.
final class RefusalHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let message: String

    init(message: String) { self.message = message }

    func channelActive(context: ChannelHandlerContext) {
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(RESPValue.error(message).encoded()), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        context.fireChannelActive()
    }
}

extension CatalogServer {
    /// The Prometheus text: counters, error replies, latency histograms and the hot cache's and
    /// connections' gauges.
    public func prometheusText() -> String {
        let cache = hotCache.statistics
        return stats.prometheusText(gauges: [
            ("connected_clients", "Open client connections.", Double(connectedClients)),
            ("hot_cache_bytes", "Bytes held by the hot cache.", Double(cache.bytes)),
            ("hot_cache_entries", "Entries in the hot cache.", Double(cache.entries)),
            ("hot_cache_evictions", "Entries the hot cache evicted for space (since start).", Double(cache.evictions)),
            ("cache_hit_ratio", "Hits (hot cache and store) over lookups since start.", stats.hitRatio),
            ("hot_cache_hit_ratio", "Hits answered by the hot cache over lookups since start.", stats.hotHitRatio),
            (
                "hot_cache_notifications_listening", "1 while changes made elsewhere are being received, else 0.",
                service.isListeningForChanges ? 1 : 0
            ),
        ])
    }
}
