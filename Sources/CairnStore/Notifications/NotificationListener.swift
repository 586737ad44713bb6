import CairnCore
import Foundation
import Logging
import Synchronization

/// Listens for the database's artifact change notifications (`cairn_artifacts`, sent on commit by
/// every path that changes or deletes an artifact) on a libpq connection and a thread of its own,
/// never an event loop or the cooperative pool, and hands each batch of artifact ids to a callback.
///
/// A lost connection is reopened with backoff. Notifications sent while it was away are lost, so
/// after every connection that is not the first attempt it calls the resync callback, once `LISTEN`
/// is in effect again. Callbacks run on the listener's thread, one at a time, and must not block.
public final class NotificationListener: Sendable {
    /// Where and how it connects.
    public struct Configuration: Sendable {
        /// A libpq connection string or `postgresql://` URL.
        public var databaseURL: String
        /// The connection's `application_name` (how `pg_stat_activity` shows it).
        public var applicationName = "cairn-listener"
        /// Seconds to wait for a connection to open.
        public var connectTimeout = 5
        /// The longest single wait for notifications, hence the longest ``stop()`` waits for the thread.
        public var pollInterval: Duration = .milliseconds(100)
        /// The wait after the first failed connection attempt; it doubles per failure up to ``maxBackoff``.
        public var minBackoff: Duration = .milliseconds(100)
        /// The longest wait between connection attempts.
        public var maxBackoff: Duration = .seconds(5)

        public init(databaseURL: String) { self.databaseURL = databaseURL }
    }

    private enum Phase { case idle, running, finished }

    private struct State {
        var phase = Phase.idle
        var stopping = false
        var connected = false
        var joiners: [CheckedContinuation<Void, Never>] = []
    }

    public let configuration: Configuration
    let logger: Logger
    let onArtifacts: @Sendable ([ArtifactID]) -> Void
    let onResync: @Sendable () -> Void
    private let state = Mutex(State())

    /// - Parameters:
    ///   - onArtifacts: called with the ids of one or more notifications read together.
    ///   - onResync: called after a reconnect: whatever was cached may have changed meanwhile.
    public init(
        configuration: Configuration, logger: Logger = Logger(label: "cairn.listener"),
        onArtifacts: @escaping @Sendable ([ArtifactID]) -> Void, onResync: @escaping @Sendable () -> Void
    ) {
        self.configuration = configuration
        self.logger = logger
        self.onArtifacts = onArtifacts
        self.onResync = onResync
    }

    /// Whether `LISTEN` is in effect now.
    public var isConnected: Bool { state.withLock { $0.connected } }

    /// Starts the thread and returns once its first connection attempt has ended, successful or not,
    /// so that what a caller caches afterwards is covered (a failed first attempt is followed by a
    /// resync once a connection opens). Does nothing after ``stop()`` or a previous start.
    public func start() async {
        await withCheckedContinuation { (firstAttempt: CheckedContinuation<Void, Never>) in
            let starts = state.withLock { state in
                guard state.phase == .idle, !state.stopping else { return false }
                state.phase = .running
                return true
            }
            guard starts else { return firstAttempt.resume() }
            let thread = Thread { [self] in run(firstAttempt: firstAttempt) }
            thread.name = "cairn-listener"
            thread.start()
        }
    }

    /// Stops the thread and returns once it has ended and closed its connection (within about one
    /// ``Configuration/pollInterval``, or a connection attempt's timeout).
    public func stop() async {
        await withCheckedContinuation { (joined: CheckedContinuation<Void, Never>) in
            let running = state.withLock { state in
                state.stopping = true
                if state.phase == .running { state.joiners.append(joined) }
                return state.phase == .running
            }
            if !running { joined.resume() }
        }
    }

    private var isStopping: Bool { state.withLock { $0.stopping } }

    /// The thread's loop: connect and listen, then wait for notifications until stopped.
    private func run(firstAttempt: CheckedContinuation<Void, Never>) {
        var firstAttempt: CheckedContinuation<Void, Never>? = firstAttempt
        var connection: PGConnection?
        var backoff = Duration.zero
        while !isStopping {
            guard let live = connection else {
                do {
                    connection = try listen()
                    state.withLock { $0.connected = true }
                    // Not the first attempt: notifications may have been sent while there was no connection.
                    if firstAttempt == nil {
                        logger.info("listening for artifact notifications again; resyncing")
                        onResync()
                    }
                    backoff = .zero
                } catch {
                    if backoff == .zero {
                        logger.warning("cannot listen for artifact notifications", metadata: ["error": "\(error)"])
                    }
                    backoff = backoff == .zero ? configuration.minBackoff : min(backoff * 2, configuration.maxBackoff)
                }
                firstAttempt?.resume()
                firstAttempt = nil
                if connection == nil { pause(backoff) }
                continue
            }
            do {
                deliver(try live.notifications(waitingUpTo: configuration.pollInterval))
            } catch {
                logger.warning("lost the artifact notification connection", metadata: ["error": "\(error)"])
                connection = nil
                state.withLock { $0.connected = false }
            }
        }
        connection = nil
        firstAttempt?.resume()
        let joiners = state.withLock { state in
            state.phase = .finished
            state.connected = false
            defer { state.joiners = [] }
            return state.joiners
        }
        joiners.forEach { $0.resume() }
    }

    private func listen() throws -> PGConnection {
        // TCP keepalives: a connection that died silently (no reset) is noticed in about a minute
        // instead of never. libpq ignores them on Unix sockets.
        let connection = try PGConnection(
            connectionString: configuration.databaseURL, connectTimeout: configuration.connectTimeout,
            parameters: [
                "application_name": configuration.applicationName, "keepalives": "1", "keepalives_idle": "30",
                "keepalives_interval": "10", "keepalives_count": "3",
            ], logger: logger)
        try connection.execute("LISTEN \(ArtifactNotification.channel)")
        return connection
    }

    /// Hands the ids of everything read at once to the callback in one call.
    private func deliver(_ notifications: [PGConnection.Notification]) {
        var ids: [ArtifactID] = []
        for notification in notifications where notification.channel == ArtifactNotification.channel {
            let parsed = ArtifactNotification(payload: notification.payload)
            ids += parsed.artifacts
            if !parsed.malformed.isEmpty {
                logger.warning(
                    "ignored a malformed artifact notification",
                    metadata: [
                        "payload": "\(notification.payload.prefix(120))", "malformed": "\(parsed.malformed.count)",
                    ])
            }
        }
        if !ids.isEmpty { onArtifacts(ids) }
    }

    /// Sleeps for `duration` in slices, returning early when stopped.
    private func pause(_ duration: Duration) {
        let deadline = ContinuousClock.now + duration
        while !isStopping, ContinuousClock.now < deadline {
            let slice = min(configuration.pollInterval, deadline - ContinuousClock.now)
            Thread.sleep(
                forTimeInterval: Double(slice.components.seconds) + Double(slice.components.attoseconds) / 1e18)
        }
    }
}
