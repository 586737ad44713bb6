import CairnProtocol

extension CairnClient {
    /// How a client connects and how long it waits.
    public struct Configuration: Sendable {
        /// The server.
        public var endpoint: Endpoint
        /// User for `AUTH user password`; `nil` sends `AUTH password` (the default user).
        public var user: String?
        /// Password to authenticate with on every connect; `nil` for none.
        public var password: String?
        /// Protocol to switch to with `HELLO` on connect; `nil` sends no `HELLO` and speaks RESP2.
        /// The typed methods read both dialects.
        public var protocolVersion: RESPVersion?
        /// Connection name set with `CLIENT SETNAME` (or `HELLO … SETNAME`) on connect.
        public var clientName: String?
        /// How long one request may wait for its reply, from the moment it is written.
        public var requestTimeout: Duration = .seconds(30)
        /// How long establishing a connection (TCP or Unix socket) may take.
        public var connectTimeout: Duration = .seconds(10)
        /// Delay before reconnecting after the first failed attempt; it doubles with every further
        /// failure, up to ``maximumBackoff``. Losing an open connection reconnects at once.
        public var initialBackoff: Duration = .milliseconds(50)
        /// Longest delay between two connection attempts.
        public var maximumBackoff: Duration = .seconds(5)
        /// Most requests waiting for replies on the connection; more fail with
        /// ``CairnClientError/Code/tooManyRequests`` rather than queue without bound.
        public var maxPendingRequests = 100_000
        /// Bounds on one reply, so a broken server cannot exhaust memory.
        public var replyLimits = RESPReplyDecoder.Limits()

        /// A configuration for `endpoint` with the defaults above.
        public init(endpoint: Endpoint = .local) {
            self.endpoint = endpoint
        }

        /// The delay before the attempt after `failures` consecutive failed ones.
        func backoff(after failures: Int) -> Duration {
            guard failures > 0 else { return .zero }
            var delay = initialBackoff
            for _ in 1..<min(failures, 32) where delay < maximumBackoff { delay *= 2 }
            return min(delay, maximumBackoff)
        }
    }
}
