import CairnCore
import CairnStore
import Foundation
import Synchronization

/// The phases of `cairn bench store`: load, then timed lookups and durable puts through
/// ``CairnStore`` at several concurrencies, each a closed loop of tasks for a fixed time.
struct StoreBenchmark {
    struct Measurement: Codable {
        var operations: Int
        var seconds: Double
        var perSecond: Double
        var p50Microseconds: Double
        var p99Microseconds: Double
    }

    let store: CairnStore
    let dataset: DatasetID
    let artifacts: Int
    let valueSize: Int

    static func tag(_ index: Int) throws -> TagName { try TagName("t-\(index)") }

    /// Puts artifacts `t-1` … `t-N` with random values (a put of an existing tag is a no-op).
    func load(concurrency: Int = 64) async throws -> Measurement {
        let next = Counter(start: 1)
        return try await measure(concurrency: concurrency, until: nil) {
            guard let index = next.take(), index <= artifacts else { return false }
            _ = try await store.put(
                dataset, try Self.tag(index), data: [try .inline("o0", Self.value(seed: index, size: valueSize))])
            return true
        }
    }

    /// Random lookups of loaded tags for `seconds`; every one must hit.
    func gets(concurrency: Int, seconds: Double) async throws -> Measurement {
        let deadline = ContinuousClock.now + .seconds(seconds)
        let draws = Counter(start: Int.random(in: 0..<1 << 40))
        return try await measure(concurrency: concurrency, until: deadline) {
            let draw = Self.value(seed: draws.take()!, size: 8).withUnsafeBytes { $0.load(as: UInt64.self) }
            let tag = try Self.tag(1 + Int(draw % UInt64(artifacts)))
            guard try await store.get(dataset, tag) != nil else {
                throw CairnError(.internalError, "benchmark lookup of \(tag) missed: was the load complete?")
            }
            return true
        }
    }

    /// Durable puts of new tags in `target` for `seconds`.
    func puts(into target: DatasetID, concurrency: Int, seconds: Double) async throws -> Measurement {
        let deadline = ContinuousClock.now + .seconds(seconds)
        let next = Counter(start: 1)
        let value = Self.value(seed: Int.random(in: 0..<Int.max), size: valueSize)
        return try await measure(concurrency: concurrency, until: deadline) {
            let tag = try TagName("p-\(next.take()!)")
            let result = try await store.put(target, tag, data: [try .inline("o0", value)])
            guard result.outcome == .created else {
                throw CairnError(.internalError, "benchmark put of \(tag) did not create")
            }
            return true
        }
    }

    /// `size` pseudo-random bytes from `seed` (the system generator costs a syscall per draw).
    static func value(seed: Int, size: Int) -> [UInt8] {
        var generator = SeededGenerator(seed: UInt64(truncatingIfNeeded: seed))
        return generator.bytes(size)
    }

    /// Runs `operation` in `concurrency` loops until it returns false or the deadline passes.
    private func measure(
        concurrency: Int, until deadline: ContinuousClock.Instant?,
        _ operation: @escaping @Sendable () async throws -> Bool
    ) async throws -> Measurement {
        let clock = ContinuousClock()
        let start = clock.now
        let latencies = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var samples: [Duration] = []
                    while deadline.map({ clock.now < $0 }) ?? true {
                        let began = clock.now
                        guard try await operation() else { break }
                        samples.append(clock.now - began)
                    }
                    return samples
                }
            }
            return try await group.reduce(into: [Duration]()) { $0 += $1 }.sorted()
        }
        let elapsed = (clock.now - start).timeInterval
        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            return latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))].timeInterval * 1e6
        }
        return Measurement(
            operations: latencies.count, seconds: elapsed, perSecond: Double(latencies.count) / elapsed,
            p50Microseconds: percentile(0.5), p99Microseconds: percentile(0.99))
    }
}

/// A shared counter for handing out work items to concurrent loops.
final class Counter: Sendable {
    private let value: Mutex<Int>

    init(start: Int) { value = Mutex(start) }

    func take() -> Int? {
        value.withLock { current in
            defer { current += 1 }
            return current
        }
    }
}
