import CairnBlobs
import CairnServer
import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// `/healthz` (the process is up) and `/readyz` (PostgreSQL answers, the blob directory is there).
@Suite struct HealthTests {
    @Test func healthzAnswersWhileTheProcessIsUp() async throws {
        try await withCatalogAndHTTP { _, port, _ in
            let reply = try await get(port, "/healthz")
            #expect(reply.status == 200 && reply.body == "ok\n", "\(reply)")
        }
    }

    /// On a PostgreSQL of the test's own, stopped and started again (never the shared one).
    @Test func readyzFailsWhilePostgresIsStoppedAndRecoversAfter() async throws {
        try await withEmbeddedStore { embedded, store in
            try await withCatalogServer(on: store) { _, catalog in
                try await withHTTPListener(catalog: catalog) { port in
                    let ready = try await get(port, "/readyz")
                    #expect(ready.status == 200 && ready.body == "ready\n", "\(ready)")

                    try await Blocking.run { try embedded.stop() }
                    let down = try await get(port, "/readyz")
                    #expect(down.status == 503, "\(down)")
                    #expect(down.body.hasPrefix("not ready: postgresql: "), "\(down)")
                    // Healthy all the same: the process is up.
                    let health = try await get(port, "/healthz")
                    #expect(health.status == 200)

                    _ = try await Blocking.run { try embedded.start() }
                    // The pool reconnects after its backoff: ready again within a generous bound.
                    let recovered = try await eventually(within: .seconds(60)) {
                        try await get(port, "/readyz").status == 200
                    }
                    let after = try await get(port, "/readyz")
                    #expect(recovered, "\(after)")
                }
            }
        }
    }

    @Test func readyzFailsWhileTheBlobDirectoryIsGone() async throws {
        try await withScratchDirectory("cairn-http-blobs-") { directory in
            let blobs = try LocalBlobStore(root: directory + "/blobs")
            try await TestDatabase.withStore { store, _ in
                try await withCatalogServer(on: store) { _, catalog in
                    try await withHTTPListener(catalog: catalog, blobStore: blobs) { port in
                        let ready = try await get(port, "/readyz")
                        #expect(ready.status == 200, "\(ready)")
                        try await Blocking.run { try FileManager.default.removeItem(atPath: blobs.root) }
                        let gone = try await get(port, "/readyz")
                        #expect(gone.status == 503, "\(gone)")
                        #expect(gone.body == "not ready: blobs: \(blobs.root): No such file or directory\n", "\(gone)")
                        try await Blocking.run { try "x".write(toFile: blobs.root, atomically: false, encoding: .utf8) }
                        let file = try await get(port, "/readyz")
                        #expect(file.body == "not ready: blobs: \(blobs.root) is not a directory\n", "\(file)")
                    }
                }
            }
        }
    }
}
