import Foundation

/// The gRPC cases of `cairn bench grpc` with PostgreSQL's counters read around each: the count
/// between two readings, less what an idle interval runs in as long (expiry sweeps and the like),
/// is what the case's lookups cost.
struct GRPCBenchPhases {
    let counter: StatementCounter?
    private var cases: [GRPCBenchReport.Statements] = []
    private var idleRate: Double?
    /// The reading that ended the last case, when nothing has run since.
    private var last: StatementCounter.Reading?

    init(counter: StatementCounter?) { self.counter = counter }

    /// Each case's count with the idle rate (once measured) times its interval taken off.
    var statements: [GRPCBenchReport.Statements] {
        cases.map { entry in
            var entry = entry
            entry.idleNoise = (idleRate ?? 0) * entry.seconds
            return entry
        }
    }

    /// Runs one case between two readings of the counters.
    mutating func measure(
        _ name: String, _ body: () async throws -> ClosedLoop.Measurement
    ) async throws -> ClosedLoop.Measurement {
        guard let counter else { return try await body() }
        let before = try await reading(counter)
        let measurement = try await body()
        let after = try await counter.read()
        last = after
        cases.append(
            .init(
                name: name, lookups: measurement.operations, counted: after.total - before.total,
                hitRecording: after.hitRecording.flatMap { end in before.hitRecording.map { end - $0 } },
                seconds: (after.at - before.at).timeInterval, idleNoise: 0,
                settled: before.settled && after.settled))
        return measurement
    }

    /// Measures the counters' rate over `seconds` (at least one) of no load.
    /// - Returns: statements (or transactions) per second.
    mutating func idle(seconds: Double) async throws -> Double {
        guard let counter else { return 0 }
        let before = try await reading(counter)
        try await Task.sleep(for: .milliseconds(Int64(max(1, seconds) * 1000)))
        let after = try await counter.read()
        last = nil
        let rate = Double(max(0, after.total - before.total)) / max((after.at - before.at).timeInterval, 1e-3)
        idleRate = rate
        return rate
    }

    /// The last case's closing reading, or a new one.
    private func reading(_ counter: StatementCounter) async throws -> StatementCounter.Reading {
        if let last { return last }
        return try await counter.read()
    }

    /// Forgets the last reading: something ran since that the next case must not count.
    mutating func interrupted() { last = nil }
}
