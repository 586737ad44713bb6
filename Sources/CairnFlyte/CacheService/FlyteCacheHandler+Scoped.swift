import CairnFlyteProtocol
import GRPCCore

/// `flyteidl2.cacheservice.v2.CacheService`: each request wraps the unscoped one (`base_request`)
/// with the org, project and domain whose dataset holds the key (``FlyteCacheKey/dataset(for:field:)``).
extension FlyteCacheHandler: Flyteidl2_Cacheservice_V2_CacheService.SimpleServiceProtocol {
    public func get(request: Flyteidl2_Cacheservice_V2_GetCacheRequest, context: ServerContext) async throws
        -> Flyteidl2_Cacheservice_GetCacheResponse
    { try await get(request) }

    public func put(request: Flyteidl2_Cacheservice_V2_PutCacheRequest, context: ServerContext) async throws
        -> Flyteidl2_Cacheservice_PutCacheResponse
    { try await put(request) }

    public func delete(request: Flyteidl2_Cacheservice_V2_DeleteCacheRequest, context: ServerContext) async throws
        -> Flyteidl2_Cacheservice_DeleteCacheResponse
    { try await delete(request) }

    public func getOrExtendReservation(
        request: Flyteidl2_Cacheservice_V2_GetOrExtendReservationRequest, context: ServerContext
    ) async throws -> Flyteidl2_Cacheservice_GetOrExtendReservationResponse {
        try await getOrExtendReservation(request)
    }

    public func releaseReservation(
        request: Flyteidl2_Cacheservice_V2_ReleaseReservationRequest, context: ServerContext
    ) async throws -> Flyteidl2_Cacheservice_ReleaseReservationResponse { try await releaseReservation(request) }

    // The same calls without a gRPC context, for the Connect routes (``methods``).

    func get(_ request: Flyteidl2_Cacheservice_V2_GetCacheRequest) async throws
        -> Flyteidl2_Cacheservice_GetCacheResponse
    {
        try await get(try scoped(request.baseRequest.key, request.hasIdentifier ? request.identifier : nil))
    }

    func put(_ request: Flyteidl2_Cacheservice_V2_PutCacheRequest) async throws
        -> Flyteidl2_Cacheservice_PutCacheResponse
    {
        let key = try scoped(request.baseRequest.key, request.hasIdentifier ? request.identifier : nil)
        return try await put(key, request.baseRequest, field: Self.base)
    }

    func delete(_ request: Flyteidl2_Cacheservice_V2_DeleteCacheRequest) async throws
        -> Flyteidl2_Cacheservice_DeleteCacheResponse
    {
        try await delete(try scoped(request.baseRequest.key, request.hasIdentifier ? request.identifier : nil))
    }

    func getOrExtendReservation(_ request: Flyteidl2_Cacheservice_V2_GetOrExtendReservationRequest) async throws
        -> Flyteidl2_Cacheservice_GetOrExtendReservationResponse
    {
        let key = try scoped(request.baseRequest.key, request.hasIdentifier ? request.identifier : nil)
        return try await getOrExtendReservation(key, request.baseRequest, field: Self.base)
    }

    func releaseReservation(_ request: Flyteidl2_Cacheservice_V2_ReleaseReservationRequest) async throws
        -> Flyteidl2_Cacheservice_ReleaseReservationResponse
    {
        let key = try scoped(request.baseRequest.key, request.hasIdentifier ? request.identifier : nil)
        return try await releaseReservation(key, request.baseRequest, field: Self.base)
    }

    /// How v2 errors name the fields of the wrapped request.
    private static let base = "base_request."

    private func scoped(_ key: String, _ identifier: Flyteidl2_Cacheservice_V2_Identifier?) throws -> FlyteCacheKey {
        try FlyteCacheKey(key, in: FlyteCacheKey.dataset(for: identifier), field: Self.base + "key")
    }
}
