import CairnCore
@testable import CairnStore
import Foundation
import Logging
import Testing

/// The pipeline workers themselves: batching, group commit and its fallback.
@Suite struct PipelineTests {
    @Test func aFailingMemberOfAGroupCommitDoesNotFailItsNeighbours() async throws {
        try await TestDatabase.withStore { _, url in
            _ = try await TestDatabase.scalar(url, "CREATE TABLE t (id int PRIMARY KEY)")
            let pool = ConnectionPool(size: 1, queueCapacity: 100, worker: .init(connectionString: url),
                                      logger: Logger(label: "test"))
            // Occupy the only worker so that the next requests queue up and leave as one batch.
            async let blocker: Void = pool.run(.sql("SELECT pg_sleep(0.3)")) { _ in () }
            try await Task.sleep(for: .milliseconds(100))
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for index in 0..<10 {
                    group.addTask {
                        // Row 5 divides by zero: a statement error inside the shared transaction.
                        let sql = index == 5 ? "INSERT INTO t VALUES (1 / 0)" : "INSERT INTO t VALUES (\(index + 10))"
                        do {
                            try await pool.run(.sql(sql), groupCommit: true) { _ in () }
                            return (index, true)
                        } catch {
                            return (index, false)
                        }
                    }
                }
                return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            try await blocker
            #expect(outcomes.count == 10)
            #expect(outcomes.filter { !$0.value }.map(\.key) == [5])
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM t") == 9)
            try await Blocking.run { pool.close() }
        }
    }

    @Test func aFullQueuePushesBackWithUnavailable() async throws {
        try await TestDatabase.withStore { _, url in
            let pool = ConnectionPool(size: 1, queueCapacity: 2, worker: .init(connectionString: url),
                                      logger: Logger(label: "test"))
            async let blocker: Void = pool.run(.sql("SELECT pg_sleep(0.3)")) { _ in () }
            try await Task.sleep(for: .milliseconds(100))
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
            await expectCairnError(.schemaMismatch) { try await store.pool.run(.sql("SELECT * FROM missing")) { _ in () } }
            let version = try await store.schemaVersion()
            #expect(version == Migrator.latestVersion)
        }
    }
}
