import Foundation

/// A closed-loop load for `cairn bench grpc`: a fixed number of callers, each sending its next
/// request when the last one is answered, until a count of operations is handed out or a deadline
/// passes, whichever comes first.
struct ClosedLoop {
    /// What one run measured: operations done, their rate, and latency percentiles.
    struct Measurement: Codable, Sendable {
        var operations: Int
        var seconds: Double
        var perSecond: Double
        var p50Microseconds: Double
        var p99Microseconds: Double
        /// The server's CPU time per operation, when it runs on this machine.
        var serverMicroseconds: Double?
        /// This process's (the load generator's) CPU time per operation.
        var benchMicroseconds: Double?
    }

    var callers: Int
    var count: Int
    var seconds: Double
    /// The server, to read its CPU time around the run.
    var server: ProcessCPU? = nil

    /// Runs `operation(index)` for indexes 0, 1, … (each once, at most `count`), `callers` at a time.
    func run(_ operation: @escaping @Sendable (_ index: Int) async throws -> Void) async throws -> Measurement {
        let clock = ContinuousClock()
        let (serverBefore, benchBefore) = (server?.seconds(), ProcessCPU.current.seconds())
        let start = clock.now
        let deadline = start + .milliseconds(Int64(seconds * 1000))
        let next = Counter(start: 0)
        let count = self.count
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for _ in 0..<callers {
                group.addTask {
                    var samples: [Duration] = []
                    while clock.now < deadline, let index = next.take(), index < count {
                        let began = clock.now
                        try await operation(index)
                        samples.append(clock.now - began)
                    }
                    return samples
                }
            }
            return try await group.reduce(into: [Duration]()) { $0 += $1 }.sorted()
        }
        let elapsed = (clock.now - start).timeInterval
        let (serverAfter, benchAfter) = (server?.seconds(), ProcessCPU.current.seconds())
        func perOperation(_ before: Double?, _ after: Double?) -> Double? {
            guard let before, let after, !latencies.isEmpty else { return nil }
            return (after - before) / Double(latencies.count) * 1e6
        }
        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            return latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))].timeInterval * 1e6
        }
        return Measurement(
            operations: latencies.count, seconds: elapsed, perSecond: Double(latencies.count) / max(elapsed, 1e-9),
            p50Microseconds: percentile(0.5), p99Microseconds: percentile(0.99),
            serverMicroseconds: perOperation(serverBefore, serverAfter),
            benchMicroseconds: perOperation(benchBefore, benchAfter))
    }
}
