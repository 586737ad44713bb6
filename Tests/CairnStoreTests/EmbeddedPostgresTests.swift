import CairnCore
import CairnTestSupport
import Foundation
import Logging
import Testing

@testable import CairnStore

@Suite struct EmbeddedPostgresTests {
    @Test func startInitialisesOnceReusesARunningServerAndKeepsDataAcrossRestarts() async throws {
        try await withEmbeddedPostgres { embedded in
            #expect(try await Blocking.run { try embedded.start() })
            #expect(try embedded.isRunning())
            let url = embedded.databaseURL
            try await Blocking.run { _ = try Migrator.migrate(databaseURL: url, logger: Logger(label: "test")) }
            #expect(try await Blocking.run { try embedded.start() } == false)
            try await Blocking.run { try embedded.stop() }
            #expect(try embedded.isRunning() == false)
            #expect(try await Blocking.run { try embedded.start() })
            #expect(try await Blocking.run { try Migrator.currentVersion(databaseURL: url) } == Migrator.latestVersion)
        }
    }

    @Test func theClusterListensOnlyOnAPrivateSocket() async throws {
        try await withEmbeddedPostgres { embedded in
            try await Blocking.run { try embedded.start() }
            let attributes = try FileManager.default.attributesOfItem(atPath: embedded.socketDirectory)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
            let listen = try await Blocking.run {
                try AdminSQL.execute(databaseURL: embedded.databaseURL, "SHOW listen_addresses")
            }
            #expect(listen == "")
        }
    }

    @Test func aTooLongDirectoryIsRejectedWithAClearMessage() throws {
        let long = "/tmp/" + String(repeating: "d", count: 120)
        #expect(throws: CairnError.self) { try EmbeddedPostgres(configuration: .init(directory: long)) }
    }
}

@Suite struct OutageTests {
    /// The store's timeouts are longer than the time limit: a request that waited on PostgreSQL
    /// instead of failing at once would hold the test past it (nothing is timed).
    @Test(.timeLimit(.minutes(5)))
    func theStoreReportsUnavailableWhilePostgresIsDownAndRecoversWhenItReturns() async throws {
        let configure: (inout CairnStore.Configuration) -> Void = {
            $0.connectTimeout = 900
            $0.requestTimeout = .seconds(900)
        }
        try await withEmbeddedStore(configure: configure) { embedded, store in
            let (ds, t) = (try dataset(), try tag("h"))
            let put = try await store.put(ds, t, data: [try item("o0", "v")])

            try await Blocking.run { try embedded.stop() }
            let clock = ContinuousClock()
            for _ in 0..<5 {
                await expectCairnError(.unavailable) { try await store.get(ds, t) }
                await expectCairnError(.unavailable) { try await store.put(ds, try tag("other"), data: []) }
            }

            try await Blocking.run { try embedded.start() }
            var recovered: Artifact?
            let deadline = clock.now + .seconds(15)
            while recovered == nil && clock.now < deadline {
                recovered = try? await store.get(ds, t)
                if recovered == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(recovered?.id == put.artifactID)
            // Every connection of the pool is back, not just one.
            for _ in 0..<20 { #expect(try await store.get(ds, t)?.id == put.artifactID) }
        }
    }
}
