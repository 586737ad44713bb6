import CairnBlobs
import CairnCore
import CairnHTTP
import CairnServer
import CairnStore
import CairnTestSupport
import Synchronization

/// A real HTTP listener in front of `catalog`, on a free loopback port, until `body`
/// returns; `body` gets the bound port.
func withHTTPListener(
    catalog: CatalogServer, blobStore: LocalBlobStore? = nil,
    configure: (inout HTTPListener.Configuration) -> Void = { _ in }, _ body: (Int) async throws -> Void
) async throws {
    var configuration = HTTPListener.Configuration()
    configure(&configuration)
    let listener = HTTPListener(configuration: configuration, catalog: catalog, blobStore: blobStore)
    let ended = RunEnded()
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            defer { ended.flag.store(true, ordering: .releasing) }
            try await listener.run()
        }
        defer { group.cancelAll() }
        while listener.boundPort == nil {
            if ended.flag.load(ordering: .acquiring) {
                try await group.next()
                throw CairnError(.unavailable, "the HTTP listener ended before it listened")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        try await body(listener.boundPort!)
    }
}

/// A catalog server (port 0) and an HTTP listener in front of it on a fresh migrated database.
func withCatalogAndHTTP(
    configure: (inout HTTPListener.Configuration) -> Void = { _ in },
    _ body: (_ catalogPort: Int, _ httpPort: Int, CatalogServer) async throws -> Void
) async throws {
    try await TestDatabase.withStore { store, _ in
        try await withCatalogServer(on: store) { catalogPort, catalog in
            try await withHTTPListener(catalog: catalog, configure: configure) { httpPort in
                try await body(catalogPort, httpPort, catalog)
            }
        }
    }
}

/// `GET path` on the listener, off the cooperative pool.
func get(_ port: Int, _ path: String, headers: [String] = []) async throws -> LocalHTTP.Reply {
    try await Blocking.run { try LocalHTTP.reply(port: port, path: path, headers: headers) }
}

/// Set once a test listener's `run()` has returned or thrown.
private final class RunEnded: Sendable {
    let flag = Atomic<Bool>(false)
}
