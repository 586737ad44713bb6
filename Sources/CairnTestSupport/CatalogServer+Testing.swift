import CairnServer
import CairnStore

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
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await catalog.run() }
        defer { group.cancelAll() }
        var port = catalog.boundPort
        while port == nil {
            try await Task.sleep(for: .milliseconds(10))
            port = catalog.boundPort
        }
        try await body(port!, catalog)
    }
}
