import CairnCore
import CairnTestSupport
import Foundation
import Testing

@testable import CairnStore

/// The pool's connections lost while PostgreSQL stays up (what a PostgreSQL restart leaves behind):
/// the shared test server is never restarted; the pool's backends are terminated instead.
@Suite struct ConnectionLossTests {
    /// Terminates this database's pool backends (`application_name` cairn, the pool's fallback name)
    /// and waits until each has exited, so its socket is closed before the next request is sent.
    /// - Returns: how many were terminated.
    static func terminatePool(_ url: String) async throws -> Int {
        try await TestDatabase.count(
            url,
            "SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity WHERE application_name = 'cairn' "
                + "AND datname = current_database() AND pid <> pg_backend_pid()")
    }

    static func poolBackends(_ url: String) async throws -> Int {
        try await TestDatabase.count(
            url,
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'cairn' "
                + "AND datname = current_database() AND pid <> pg_backend_pid()")
    }

    @Test func requestsAfterThePoolsBackendsWereTerminatedReconnectAndSucceed() async throws {
        try await TestDatabase.withStore({ $0.connections = 2 }) { store, url in
            let ds = try dataset()
            let put = try await store.put(ds, tag("t"), data: [try item("o0", "x")])
            for round in 0..<2 {
                // Both workers connected (again): concurrent lookups until PostgreSQL shows two pool
                // backends. A loaded machine may serve a whole round's requests on one worker, which
                // leaves the other's closed connection for the next request it takes.
                let opened = try await eventually(within: .seconds(60)) {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for _ in 0..<16 { group.addTask { _ = try await store.get(ds, tag("t")) } }
                        try await group.waitForAll()
                    }
                    return try await Self.poolBackends(url) == 2
                }
                try #require(opened)
                #expect(try await Self.terminatePool(url) == 2)
                // A write first (it is never sent twice: the closed connection must be noticed before
                // sending), then reads one at a time: each worker's first request finds its connection closed.
                let created = try await store.put(ds, tag("w\(round)"), data: [try item("o0", "y")])
                #expect(created.outcome == .created)
                for _ in 0..<4 { #expect(try await store.get(ds, tag("t"))?.id == put.artifactID) }
                let concurrent = try await withThrowingTaskGroup(of: ArtifactID?.self) { group in
                    for _ in 0..<16 { group.addTask { try await store.get(ds, tag("t"))?.id } }
                    return try await group.reduce(into: [ArtifactID?]()) { $0.append($1) }
                }
                #expect(concurrent == Array(repeating: put.artifactID, count: 16))
            }
        }
    }

    @Test func aReadInFlightWhenItsConnectionIsLostIsSentOnceMoreAndAWriteIsNot() async throws {
        try await TestDatabase.withStore({ $0.connections = 1 }) { store, url in
            try await TestDatabase.scalar(url, "CREATE TABLE written (n int)")
            let terminateSleeper =
                "SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity WHERE application_name = 'cairn' "
                + "AND datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep%'"
            async let read = store.pool.run(.sql("SELECT 7::bigint FROM pg_sleep(1)", readOnly: true)) {
                $0.int64(0, 0)
            }
            try await PipelineTests.waitUntilSleeping(url)
            #expect(try await TestDatabase.count(url, terminateSleeper) == 1)
            #expect(try await read == 7)

            async let write: Void = store.pool.run(.sql("INSERT INTO written SELECT 1 FROM pg_sleep(1)")) { _ in () }
            try await PipelineTests.waitUntilSleeping(url)
            #expect(try await TestDatabase.count(url, terminateSleeper) == 1)
            do {
                try await write
                Issue.record("a write whose connection was lost mid-flight succeeded")
            } catch let error as CairnError {
                #expect(error.code == .unavailable, "\(error)")
            }
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM written") == 0)
            // The connection after the loss serves the next write.
            try await store.pool.run(.sql("INSERT INTO written VALUES (2)")) { _ in () }
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM written") == 1)
        }
    }
}
