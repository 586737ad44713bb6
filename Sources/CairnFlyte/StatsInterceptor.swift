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
        let start = Self.begin(stats)
        var failure: RPCError?
        defer { Self.end(stats, command: Self.name(context.descriptor), start: start, failure: failure) }
        do {
            let response = try await next(request, context)
            if case .failure(let error) = response.accepted { failure = error }
            return response
        } catch let error as RPCError {
            failure = error
            throw error
        }
    }

    /// Counts a call as it starts: what every gRPC path records first; the time it started.
    static func begin(_ stats: ServerStats) -> ContinuousClock.Instant {
        stats.increment(.commands)
        return .now
    }

    /// Records a call's end: its duration under `command` (``name(_:)``) and its failure, if any,
    /// under `grpc_<code>` (`grpc_invalidArgument`, …), misses aside.
    static func end(_ stats: ServerStats, command: String, start: ContinuousClock.Instant, failure: RPCError?) {
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        stats.recordLatency(command: command, nanoseconds: seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        guard let failure, failure.code != .notFound else { return }
        stats.recordError(prefix: "grpc_\(failure.code)")
    }
}
