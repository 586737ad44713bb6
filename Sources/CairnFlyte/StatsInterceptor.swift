import CairnService
import GRPCCore

/// Counts every gRPC call in the server's statistics as RESP counts its commands: the call, its
/// duration under ``name(_:)`` (`cairn_command_duration_seconds`), and a failure by its status code.
/// NOT_FOUND is a miss, an answer like RESP's null, and is not counted as an error.
struct StatsInterceptor: ServerInterceptor {
    let stats: ServerStats

    /// The name a method is timed under: `datacatalog.GetArtifact`, `cacheservice.Get`, `cacheservice.v2.Get`.
    static func name(_ method: MethodDescriptor) -> String {
        let service = method.service.fullyQualifiedService
        let short =
            switch service {
            case "datacatalog.DataCatalog": "datacatalog"
            case "flyteidl2.cacheservice.CacheService": "cacheservice"
            case "flyteidl2.cacheservice.v2.CacheService": "cacheservice.v2"
            default: service
            }
        return "\(short).\(method.method)"
    }

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>, context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        stats.increment(.commands)
        let start = ContinuousClock.now
        defer {
            let elapsed = ContinuousClock.now - start
            let (seconds, attoseconds) = elapsed.components
            stats.recordLatency(
                command: Self.name(context.descriptor),
                nanoseconds: seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        }
        do {
            let response = try await next(request, context)
            if case .failure(let error) = response.accepted { record(error) }
            return response
        } catch let error as RPCError {
            record(error)
            throw error
        }
    }

    /// Counts a failure under `grpc_<code>` (`grpc_invalidArgument`, …), misses aside.
    private func record(_ error: RPCError) {
        guard error.code != .notFound else { return }
        stats.recordError(prefix: "grpc_\(error.code)")
    }
}
