import CairnCore
import CairnServer
import CairnStore
import Synchronization

/// A real catalog server on `store`, configured by `configure` (port 0 unless it says otherwise),
/// until `body` returns; `body` gets the bound TCP port and the server.
public func withCatalogServer(
    on store: CairnStore, configure: (inout CatalogServer.Configuration) -> Void = { _ in },
    _ body: (Int, CatalogServer) async throws -> Void
) async throws {
    var configuration = CatalogServer.Configuration()
    configuration.port = 0
    configure(&configuration)
    let catalog = CatalogServer(configuration: configuration, store: store)
    let ended = RunEnded()
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            defer { ended.flag.store(true, ordering: .releasing) }
            try await catalog.run()
        }
        defer { group.cancelAll() }
        var port = catalog.boundPort
        while port == nil {
            // A server that cannot bind (its port taken) ends before it listens: report why,
            // instead of waiting for a port forever.
            if ended.flag.load(ordering: .acquiring) {
                try await group.next()
                throw CairnError(.unavailable, "the catalog server ended before it listened")
            }
            try await Task.sleep(for: .milliseconds(10))
            port = catalog.boundPort
        }
        try await body(port!, catalog)
    }
}

/// Set once a test server's `run()` has returned or thrown.
private final class RunEnded: Sendable {
    let flag = Atomic<Bool>(false)
}
