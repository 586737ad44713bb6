import CairnCore
import CairnTestSupport
import Foundation
import Synchronization
import Testing

@testable import CairnStore

/// The listener against the real PostgreSQL: notifications from the store's SQL paths, malformed
/// payloads, a terminated backend, a database that appears late, and stopping.
@Suite struct NotificationListenerTests {
    /// What a listener handed over.
    final class Received: Sendable {
        private let state = Mutex<(batches: [[ArtifactID]], resyncs: Int)>(([], 0))

        var ids: [ArtifactID] { state.withLock { $0.batches.flatMap { $0 } } }
        var resyncs: Int { state.withLock { $0.resyncs } }

        func listener(_ url: String) -> NotificationListener {
            var configuration = NotificationListener.Configuration(databaseURL: url)
            configuration.applicationName = "cairn-listener-test"
            configuration.minBackoff = .milliseconds(20)
            configuration.maxBackoff = .milliseconds(200)
            return NotificationListener(
                configuration: configuration, onArtifacts: { ids in self.state.withLock { $0.batches.append(ids) } },
                onResync: { self.state.withLock { $0.resyncs += 1 } })
        }
    }

    /// Runs `body` with a started listener on `url`, stopping it afterwards whatever happens.
    func withListener(_ url: String, _ body: (NotificationListener, Received) async throws -> Void) async throws {
        let received = Received()
        let listener = received.listener(url)
        await listener.start()
        try await withCleanup {
            try await body(listener, received)
        } cleanup: {
            await listener.stop()
        }
    }

    @Test func aDeletedArtifactIsHandedOverAndTheFirstConnectDoesNotResync() async throws {
        try await TestDatabase.withStore { store, url in
            try await withListener(url) { listener, received in
                #expect(listener.isConnected)
                let put = try await store.put(try dataset(), tag("t"), data: [try item("o0", "x")])
                #expect(try await store.deleteArtifact(put.artifactID))
                #expect(await eventually { received.ids == [put.artifactID] })
                #expect(received.resyncs == 0)
            }
        }
    }

    @Test func aPurgeOfMoreThanTwoHundredArtifactsArrivesWhole() async throws {
        try await TestDatabase.withStore { store, url in
            let ds = try dataset()
            var created: Set<ArtifactID> = []
            for index in 0..<250 {
                created.insert(try await store.put(ds, tag("t\(index)"), data: [try item("o0", "x")]).artifactID)
            }
            try await withListener(url) { _, received in
                let purged = try await TestDatabase.scalar(
                    url, "SELECT deleted FROM cairn_purge_artifacts(ARRAY(SELECT id FROM artifacts))")
                #expect(purged == "250")
                #expect(await eventually { received.ids.count >= 250 })
                #expect(received.ids.count == 250)
                #expect(Set(received.ids) == created)
            }
        }
    }

    @Test func malformedPayloadsAreIgnoredAndWellFormedIdsBesideThemKept() async throws {
        try await TestDatabase.withStore { _, url in
            let id = ArtifactID.random()
            try await withListener(url) { _, received in
                try await TestDatabase.scalar(url, "SELECT pg_notify('cairn_artifacts', 'garbage')")
                try await TestDatabase.scalar(url, "SELECT pg_notify('cairn_artifacts', '')")
                try await TestDatabase.scalar(url, "SELECT pg_notify('other_channel', '\(ArtifactID.random())')")
                try await TestDatabase.scalar(url, "SELECT pg_notify('cairn_artifacts', 'nonsense,\(id)')")
                #expect(await eventually { !received.ids.isEmpty })
                try await Task.sleep(for: .milliseconds(200))
                #expect(received.ids == [id])
            }
        }
    }

    @Test func aTerminatedBackendIsReplacedThenResyncedAndNotificationsFlowAgain() async throws {
        try await TestDatabase.withStore { store, url in
            try await withListener(url) { listener, received in
                let terminated = try await TestDatabase.scalar(
                    url,
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        + "WHERE application_name = 'cairn-listener-test' AND datname = current_database()")
                #expect(terminated == "1")
                #expect(await eventually { received.resyncs == 1 && listener.isConnected })
                let put = try await store.put(try dataset(), tag("t"), data: [try item("o0", "x")])
                _ = try await store.evict(try dataset(), tag("t"))
                #expect(await eventually { received.ids == [put.artifactID] })
                #expect(received.resyncs == 1)
            }
        }
    }

    @Test func aFailedFirstAttemptIsRetriedAndTheFirstConnectionAfterItResyncs() async throws {
        let server = try TestDatabase.serverURL
        let name = "cairn_test_late_\(UUID().uuidString.prefix(8).lowercased())"
        let url = server.replacingOccurrences(of: "dbname=postgres", with: "dbname=\(name)")
        let drop = "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"
        do {
            try await withListener(url) { listener, received in
                #expect(!listener.isConnected)
                try await TestDatabase.scalar(server, "CREATE DATABASE \(name)")
                // The listener reports itself connected a moment before it runs the resync, so
                // wait for both (once seen failing in a loaded full run).
                #expect(await eventually { listener.isConnected && received.resyncs == 1 })
                #expect(received.resyncs == 1)
            }
        } catch {
            _ = try? await TestDatabase.scalar(server, drop)
            throw error
        }
        try await TestDatabase.scalar(server, drop)
    }

    /// A stop that waited for something that never comes holds the test past its limit.
    @Test(.timeLimit(.minutes(1)))
    func stopEndsTheThreadAndClosesTheConnection() async throws {
        try await TestDatabase.withStore { _, url in
            let received = Received()
            let listener = received.listener(url)
            await listener.start()
            let backends =
                "SELECT count(*) FROM pg_stat_activity "
                + "WHERE application_name = 'cairn-listener-test' AND datname = current_database()"
            #expect(try await TestDatabase.count(url, backends) == 1)
            await listener.stop()
            #expect(!listener.isConnected)
            let closed = try await eventually { try await TestDatabase.count(url, backends) == 0 }
            #expect(closed)
            await listener.stop()  // a second stop returns at once
            await listener.start()  // and a stopped listener does not start again
            #expect(!listener.isConnected)
        }
    }
}
