import CairnCore
import CairnProtocol
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// An async client for the Cairn catalog server, over TCP or a Unix socket.
///
/// One client holds one connection, made on first use and shared by every caller: requests are
/// written as they are made (pipelined) and replies matched to them in order, so many concurrent
/// tasks cost one connection and no waiting on each other. When the connection is lost the
/// requests waiting on it fail with ``CairnClientError/Code/connectionClosed`` (they may or may
/// not have run) and the next call reconnects; failed attempts back off exponentially.
///
/// ```swift
/// let client = CairnClient(configuration: .init(endpoint: try Endpoint(parsing: "127.0.0.1:7379")))
/// defer { Task { await client.close() } }
/// if let hit = try await client.get(dataset: dataset, tag: tag) { … }
/// ```
public final class CairnClient: Sendable {
    /// How this client connects; fixed for its lifetime.
    public let configuration: Configuration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(ConnectionStateMachine())

    /// A client; it connects on first use (or on ``connect()``).
    /// - Parameters:
    ///   - eventLoopGroup: where the connection's I/O runs; NIO's shared group by default.
    public init(
        configuration: Configuration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "cairn.client")
    ) {
        self.configuration = configuration
        self.group = eventLoopGroup
        self.logger = logger
    }

    deinit {
        state.withLock { $0.shutdown() }?.channel.close(promise: nil)
    }

    /// Connects now (with the handshake) instead of on the first request, to fail early.
    public func connect() async throws {
        _ = try await connection()
    }

    /// Sends one command and returns its reply. An error reply is thrown as a ``CairnClientError``
    /// with ``CairnClientError/Code/serverError`` and the reply's prefix.
    /// - Parameter arguments: the command name, then its arguments; binary-safe.
    public func send(_ arguments: [ByteBuffer]) async throws -> RESPValue {
        guard let name = arguments.first else {
            throw CairnError.invalid("command", "a request needs at least a command name")
        }
        let connection = try await connection()
        let reply = try await connection.send(arguments)
        if name.readableBytes == 4, String(buffer: name).uppercased() == "QUIT" {
            // The server closes after QUIT: forget the connection now, so the next call reconnects
            // instead of racing the close.
            state.withLock { $0.closed(connection) }
            await connection.close()
        }
        return reply
    }

    /// Sends one command by its definition (after its ``CommandDefinition/validate()``) and reads
    /// the reply it defines.
    /// - Throws: ``CairnError`` when the definition refuses the request (nothing is sent);
    ///   ``CairnClientError`` (``CairnClientError/Code/unexpectedReply`` for a reply of another shape).
    public func send<Command: CommandDefinition>(_ command: Command) async throws -> Command.Reply {
        try command.validate()
        let reply = try await send(command.request.arguments)
        do {
            return try command.decodeReply(reply)
        } catch let error as UnexpectedReply {
            throw CairnClientError(.unexpectedReply, error.message)
        }
    }

    /// Sends one command given as text (UTF-8) and returns its reply; see the `[ByteBuffer]` form.
    public func send(_ arguments: [String]) async throws -> RESPValue {
        try await send(arguments.map { ByteBuffer(string: $0) })
    }

    /// Closes the connection; requests waiting on it fail, and later calls throw
    /// ``CairnClientError/Code/clientClosed``.
    public func close() async {
        await state.withLock { $0.shutdown() }?.close()
    }

    /// The open connection, after connecting (or waiting for another caller's attempt) if needed.
    private func connection() async throws -> ClientConnection {
        while true {
            let action = state.withLock { machine in
                machine.acquire(at: .now) { group.next().makePromise(of: ClientConnection.self) }
            }
            switch action {
            case .use(let connection): return connection
            case .wait(let attempt): return try await attempt.get()
            case .fail: throw CairnClientError(.clientClosed, "the client was closed")
            case .sleep(let deadline): try await Task.sleep(until: deadline, clock: .continuous)
            case .connect(let promise):
                do {
                    let connection = try await open()
                    promise.succeed(connection)
                    return connection
                } catch {
                    promise.fail(error)
                    throw error
                }
            }
        }
    }

    /// Makes a connection and records the outcome in the state machine.
    private func open() async throws -> ClientConnection {
        let connection: ClientConnection
        do {
            connection = try await ClientConnection.connect(configuration, group: group)
        } catch {
            state.withLock { $0.connectFailed(at: .now, backoff: configuration.backoff(after:)) }
            logger.debug("connect failed", metadata: ["endpoint": "\(configuration.endpoint)", "error": "\(error)"])
            throw error
        }
        guard state.withLock({ $0.connected(connection) }) else {
            await connection.close()
            throw CairnClientError(.clientClosed, "the client was closed")
        }
        logger.debug("connected", metadata: ["endpoint": "\(configuration.endpoint)"])
        connection.closeFuture.whenComplete { [weak self] _ in
            self?.state.withLock { $0.closed(connection) }
        }
        return connection
    }
}
