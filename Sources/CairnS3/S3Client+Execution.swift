import AsyncHTTPClient
import CairnCore
import NIOCore

extension S3Client {
    /// Sends `request` until it gets a 2xx answer, then hands the response to `read`; retries on 5xx,
    /// throttling and connection errors (in `read` too) up to the configured attempts, with backoff.
    func perform<Result>(
        _ request: S3Request, read: (HTTPClientResponse) async throws -> Result
    ) async throws -> Result {
        var attempt = 1
        while true {
            let failure: S3Failure
            do {
                let response = try await http.execute(
                    prepare(request), deadline: .now() + Self.timeAmount(configuration.requestTimeout),
                    logger: logger)
                if (200..<300).contains(response.status.code) {
                    return try await read(response)
                }
                let body = try? await response.body.collect(upTo: Self.maxErrorBodySize)
                failure = S3Failure(status: Int(response.status.code), body: body.map { Array($0.readableBytesView) })
            } catch let error as CairnError {
                throw error
            } catch {
                if Task.isCancelled { throw CancellationError() }
                failure = S3Failure(transport: error)
            }
            guard failure.isRetryable, attempt < configuration.maxAttempts else {
                throw failure.error(request: request, endpoint: endpointDescription, attempts: attempt)
            }
            logger.debug(
                "retrying an S3 request",
                metadata: [
                    "operation": "\(request.operation)", "target": "\(request.target)", "attempt": "\(attempt)",
                    "failure": "\(failure)",
                ])
            try await Task.sleep(for: backoff(afterAttempt: attempt))
            attempt += 1
        }
    }

    /// Sends `request` and returns its whole response body (at most `limit` bytes).
    func send(_ request: S3Request, limit: Int = maxResponseBodySize) async throws -> [UInt8] {
        try await perform(request) { response in
            Array(try await response.body.collect(upTo: limit).readableBytesView)
        }
    }

    /// Full jitter: a random delay up to `base * 2^(attempt-1)`, capped at the configured maximum.
    func backoff(afterAttempt attempt: Int) -> Duration {
        let exponential = configuration.retryBaseDelay * (1 << min(attempt - 1, 20))
        let cap = min(exponential, configuration.retryMaxDelay)
        return cap * Double.random(in: 0...1)
    }

    /// The largest XML answer read whole (list pages are about 1 KiB per key, 1000 keys at most).
    static let maxResponseBodySize = 16 << 20
    static let maxErrorBodySize = 64 << 10
}
