import CairnCore
import CairnFlyte
import CairnService
import CairnTestSupport
import GRPCCore
import Testing

/// A catalog service over a fresh test database, for the Flyte handlers' tests.
func withFlyteService(_ body: (CatalogService, String) async throws -> Void) async throws {
    try await TestDatabase.withStore { store, url in
        var configuration = CatalogService.Configuration()
        configuration.listensForChanges = false
        let service = CatalogService(configuration: configuration, store: store)
        await service.start()
        try await withCleanup {
            try await body(service, url)
        } cleanup: {
            await service.stop()
        }
    }
}

/// The status code `body` fails with, through the front ends' one mapping of errors onto
/// statuses; `nil` when it succeeds.
func statusCode<T>(_ body: () async throws -> T) async -> RPCError.Code? {
    do {
        _ = try await body()
        return nil
    } catch {
        return RPCError(cairn: error).code
    }
}
