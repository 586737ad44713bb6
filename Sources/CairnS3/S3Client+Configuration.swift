import CairnCore

extension S3Client {
    /// Where the server is, how to address buckets, and the limits of every request.
    public struct Configuration: Sendable {
        /// The server's base URL (`http://127.0.0.1:9000`); nil means AWS, `https://s3.<region>.amazonaws.com`.
        public var endpoint: String?
        /// The region requests are signed for.
        public var region = "us-east-1"
        /// Path-style addressing (`endpoint/bucket/key`), which S3-compatible servers need; otherwise the
        /// bucket is a host name (`bucket.endpoint/key`).
        public var pathStyle = false
        /// How long opening a connection may take.
        public var connectTimeout: Duration = .seconds(10)
        /// How long one attempt may take to send its body and receive the response head.
        public var requestTimeout: Duration = .seconds(120)
        /// How long a response body may go without a byte.
        public var readTimeout: Duration = .seconds(60)
        /// Attempts per request, the first included, on 5xx, throttling and connection errors.
        public var maxAttempts = 5
        /// The backoff before the second attempt; it doubles per attempt, with full jitter.
        public var retryBaseDelay: Duration = .milliseconds(100)
        /// The longest backoff between two attempts.
        public var retryMaxDelay: Duration = .seconds(5)
        /// Bytes per multipart part (S3 allows 5 MiB to 5 GiB); objects up to this size are one PutObject.
        public var partSize = 8 << 20
        /// Parts uploaded at once; memory held by an upload is about `partSize * (partsInFlight + 1)`.
        public var partsInFlight = 4
        /// Connections kept per host.
        public var maxConnections = 8

        public init() {}

        /// Checks every value against its range, naming the field in the error.
        public func validate() throws {
            try Self.check("s3-region", !region.isEmpty, "must not be empty")
            try Self.check("s3-max-attempts", (1...20).contains(maxAttempts), "must be 1 to 20, got \(maxAttempts)")
            try Self.check(
                "s3-part-size", (5 << 20...5 << 30).contains(partSize),
                "must be 5 MiB to 5 GiB (S3's part limits), got \(partSize) bytes")
            try Self.check(
                "s3-parts-in-flight", (1...64).contains(partsInFlight), "must be 1 to 64, got \(partsInFlight)")
            try Self.check(
                "s3-max-connections", (1...256).contains(maxConnections), "must be 1 to 256, got \(maxConnections)")
            for (field, value) in [
                ("s3-connect-timeout", connectTimeout), ("s3-request-timeout", requestTimeout),
                ("s3-read-timeout", readTimeout),
            ] {
                try Self.check(field, value > .zero, "must be positive")
            }
            try Self.check(
                "s3-retry-delay", retryBaseDelay >= .zero && retryMaxDelay >= retryBaseDelay,
                "needs 0 <= base delay <= max delay")
        }

        static func check(_ field: String, _ condition: Bool, _ message: String) throws {
            if !condition { throw CairnError.invalid(field, message) }
        }
    }
}
