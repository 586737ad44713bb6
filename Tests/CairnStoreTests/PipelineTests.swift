import CairnCore
import CairnTestSupport
import Foundation
import Logging
import Testing

@testable import CairnStore

/// The pipeline workers themselves: batching, group commit and its fallback.
@Suite struct PipelineTests {
    /// Waits until a statement of this test's database sleeps on the server, so the requests that
    /// follow queue behind it however loaded the machine is (a fixed delay was not enough).
    static func waitUntilSleeping(_ url: String) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let sleeping = try await TestDatabase.count(
                url,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' "
                    + "AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep%'")
            if sleeping > 0 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the blocking statement never started")
    }

    @Test func concurrentRequestsShareABatchAndABadOneDoesNotFailItsNeighbours() async throws {
        try await TestDatabase.withStore { _, url in
            _ = try await TestDatabase.scalar(
                url, "CREATE TABLE t (id bigint PRIMARY KEY, quotient bigint, batch_size int)")
            let pool = ConnectionPool(
                size: 1, queueCapacity: 100, worker: .init(connectionString: url),
                logger: Logger(label: "test"))
            // 100 / x: the input 0 fails the whole statement it is in. Inputs of 1000 and more sleep,
            // occupying the only slot so that the requests behind them queue up as one batch (4 s: on
            // a loaded machine six tasks took longer than 1.5 s to submit).
            let batcher = StatementBatcher<Int64, Int64>(
                queue: pool.queue, maxBatch: 64, maxInFlight: 1,
                build: { inputs in
                    var bind = PGBind()
                    bind.append(int8Array: inputs.map { $0 })
                    return .sql(
                        "INSERT INTO t SELECT x, 100 / x, cardinality($1::bigint[]) FROM unnest($1::bigint[]) AS x, "
                            + "pg_sleep(CASE WHEN x >= 1000 THEN 4 ELSE 0 END) RETURNING id", bind)
                },
                decode: { result, inputs in
                    guard result.rowCount == inputs.count else { throw CairnError(.internalError, "row count") }
                    return inputs.map { .success($0) }
                })
            func round(_ blocker: Int64, _ inputs: [Int64]) async throws -> [Int64: Bool] {
                async let first = batcher.submit(blocker)
                try await Self.waitUntilSleeping(url)
                let outcomes = await withTaskGroup(of: (Int64, Bool).self) { group in
                    for input in inputs { group.addTask { (input, (try? await batcher.submit(input)) != nil) } }
                    return await group.reduce(into: [Int64: Bool]()) { $0[$1.0] = $1.1 }
                }
                #expect(try await first == blocker)
                return outcomes
            }
            let good = try await round(1000, [1, 2, 3, 4, 5, 6])
            #expect(good.values.allSatisfy { $0 })
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM t WHERE id < 1000 AND batch_size = 6") == 6)
            let mixed = try await round(1001, [7, 8, 0, 9, 10])
            #expect(mixed.filter { !$0.value }.map(\.key) == [0])
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM t") == 12)
            try await Blocking.run { pool.close() }
        }
    }

    @Test func aFullQueuePushesBackWithUnavailable() async throws {
        try await TestDatabase.withStore { _, url in
            let pool = ConnectionPool(
                size: 1, queueCapacity: 2, worker: .init(connectionString: url),
                logger: Logger(label: "test"))
            // 4 s: on a loaded machine the six submissions can take longer than 1.5 s.
            async let blocker: Void = pool.run(.sql("SELECT pg_sleep(4)")) { _ in () }
            try await Self.waitUntilSleeping(url)
            let results = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<6 {
                    group.addTask { (try? await pool.run(.sql("SELECT 1")) { _ in () }) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            try await blocker
            #expect(results.filter { $0 }.count == 2)
            try await Blocking.run { pool.close() }
        }
    }

    @Test func statementErrorsMapToCodesAndLeaveTheConnectionUsable() async throws {
        try await TestDatabase.withStore { store, _ in
            await expectCairnError(.invalidArgument) { try await store.pool.run(.sql("SELECT 1 / 0")) { _ in () } }
            await expectCairnError(.schemaMismatch) {
                try await store.pool.run(.sql("SELECT * FROM missing")) { _ in () }
            }
            let version = try await store.schemaVersion()
            #expect(version == Migrator.latestVersion)
        }
    }
}
