import NIOCore

/// Whether a client has a connection, is making one, or is waiting to retry; what a caller who
/// needs the connection should do. A value type whose events return actions the client performs,
/// so it runs under a lock that is never held across an `await`.
struct ConnectionStateMachine {
    enum State {
        /// No connection. After `failures` failed attempts in a row the next may start at `retryAt`.
        case idle(failures: Int, retryAt: ContinuousClock.Instant?)
        /// One caller is connecting; the others wait for the same future.
        case connecting(EventLoopFuture<ClientConnection>, failures: Int)
        case connected(ClientConnection)
        case closed
    }

    enum Action: Equatable {
        /// Send on this connection.
        case use(ClientConnection)
        /// Another caller is connecting: wait for its result.
        case wait(EventLoopFuture<ClientConnection>)
        /// Connect, then complete the promise and report ``ConnectionStateMachine/connected(_:)``
        /// or ``ConnectionStateMachine/connectFailed(at:backoff:)``.
        case connect(EventLoopPromise<ClientConnection>)
        /// Too soon after a failed attempt: sleep until then and ask again.
        case sleep(until: ContinuousClock.Instant)
        /// The client was closed.
        case fail
    }

    private(set) var state = State.idle(failures: 0, retryAt: nil)

    /// A caller needs the connection at `now`; `makePromise` is only called when it must connect.
    mutating func acquire(at now: ContinuousClock.Instant, makePromise: () -> EventLoopPromise<ClientConnection>)
        -> Action
    {
        switch state {
        case .connected(let connection): return .use(connection)
        case .connecting(let future, _): return .wait(future)
        case .closed: return .fail
        case .idle(let failures, let retryAt):
            if let retryAt, now < retryAt { return .sleep(until: retryAt) }
            let promise = makePromise()
            state = .connecting(promise.futureResult, failures: failures)
            return .connect(promise)
        }
    }

    /// The connect attempt succeeded.
    /// - Returns: `false` if the client was closed meanwhile: close the new connection.
    mutating func connected(_ connection: ClientConnection) -> Bool {
        guard case .connecting = state else { return false }
        state = .connected(connection)
        return true
    }

    /// The connect attempt failed at `now`; the next may start after `backoff(failures)`.
    mutating func connectFailed(at now: ContinuousClock.Instant, backoff: (Int) -> Duration) {
        guard case .connecting(_, let failures) = state else { return }
        state = .idle(failures: failures + 1, retryAt: now + backoff(failures + 1))
    }

    /// `connection` closed. If it was the current one, the next caller reconnects at once.
    mutating func closed(_ connection: ClientConnection) {
        guard case .connected(let current) = state, current === connection else { return }
        state = .idle(failures: 0, retryAt: nil)
    }

    /// The client is closing: returns the connection to close, if any. A connect in flight
    /// closes its connection when it reports back.
    mutating func shutdown() -> ClientConnection? {
        defer { state = .closed }
        if case .connected(let connection) = state { return connection }
        return nil
    }
}
