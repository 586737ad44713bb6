import CairnProtocol
import NIOCore
import NIOPosix

/// One open connection to the server, shared by every caller of a ``CairnClient``: requests are
/// written as they come and their replies matched in order by ``ReplyMatcher``.
final class ClientConnection: Sendable, Equatable {
    let channel: Channel
    let endpoint: Endpoint

    init(channel: Channel, endpoint: Endpoint) {
        self.channel = channel
        self.endpoint = endpoint
    }

    /// Connects and runs the handshake (`HELLO`, `AUTH`, `CLIENT SETNAME` as configured).
    /// - Throws: ``CairnClientError`` with ``CairnClientError/Code/connectFailed``, or the server's
    ///   error reply to the handshake (a wrong password, say).
    static func connect(_ configuration: CairnClient.Configuration, group: any EventLoopGroup) async throws
        -> ClientConnection
    {
        let limits = configuration.replyLimits
        let matcher = (configuration.requestTimeout, configuration.maxPendingRequests, configuration.endpoint)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        ByteToMessageHandler(RESPReplyDecoder(limits: limits)),
                        ReplyMatcher(timeout: matcher.0, maxPending: matcher.1, peer: matcher.2.description))
                }
            }
        let channel: Channel
        do {
            switch configuration.endpoint {
            case .tcp(let host, let port): channel = try await bootstrap.connect(host: host, port: port).get()
            case .unix(let path): channel = try await bootstrap.connect(unixDomainSocketPath: path).get()
            }
        } catch {
            throw CairnClientError(.connectFailed, "cannot connect to \(configuration.endpoint): \(error)")
        }
        let connection = ClientConnection(channel: channel, endpoint: configuration.endpoint)
        do {
            for request in handshake(configuration) { _ = try await connection.send(request.arguments) }
        } catch {
            try? await channel.close()
            throw error
        }
        return connection
    }

    /// The requests that set a new connection up.
    static func handshake(_ configuration: CairnClient.Configuration) -> [RESPRequest] {
        let auth = configuration.password.map { Auth(user: configuration.user, password: $0) }
        if let version = configuration.protocolVersion {
            return [Hello(version: version, auth: auth, name: configuration.clientName).request]
        }
        var requests: [RESPRequest] = []
        if let auth { requests.append(auth.request) }
        if let name = configuration.clientName { requests.append(ClientCommand(.setName(name)).request) }
        return requests
    }

    /// Sends one request and waits for its reply; an error reply is thrown as ``CairnClientError``.
    func send(_ arguments: [String]) async throws -> RESPValue {
        try await send(arguments.map { ByteBuffer(string: $0) })
    }

    /// Sends one request and waits for its reply; an error reply is thrown as ``CairnClientError``.
    func send(_ arguments: [ByteBuffer]) async throws -> RESPValue {
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        let endpoint = self.endpoint
        // A write that never reaches the matcher (the channel closed first) fails here; one that
        // did is completed by the matcher, and the later of two completions is ignored.
        channel.writeAndFlush(ClientRequest(arguments: arguments, promise: promise)).whenFailure { error in
            promise.fail(
                error as? CairnClientError
                    ?? CairnClientError(.connectionClosed, "the connection to \(endpoint) closed: \(error)"))
        }
        let reply = try await promise.futureResult.get()
        if case .error(let text) = reply { throw CairnClientError(reply: text) }
        return reply
    }

    /// Completes when the connection has closed, for whatever reason.
    var closeFuture: EventLoopFuture<Void> { channel.closeFuture }

    func close() async {
        try? await channel.close()
    }

    static func == (lhs: ClientConnection, rhs: ClientConnection) -> Bool { lhs === rhs }
}
