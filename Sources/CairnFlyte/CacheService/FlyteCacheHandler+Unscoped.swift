import CairnFlyteProtocol
import GRPCCore

/// `flyteidl2.cacheservice.CacheService`: every key in one dataset, ``FlyteCacheKey/unscopedDataset``.
extension FlyteCacheHandler: Flyteidl2_Cacheservice_CacheService.SimpleServiceProtocol {
    public func get(request: Flyteidl2_Cacheservice_GetCacheRequest, context: ServerContext) async throws
        -> Flyteidl2_Cacheservice_GetCacheResponse
    { try await get(request) }

    public func put(request: Flyteidl2_Cacheservice_PutCacheRequest, context: ServerContext) async throws
        -> Flyteidl2_Cacheservice_PutCacheResponse
    { try await put(request) }

    public func delete(request: Flyteidl2_Cacheservice_DeleteCacheRequest, context: ServerContext) async throws
        -> Flyteidl2_Cacheservice_DeleteCacheResponse
    { try await delete(request) }

    public func getOrExtendReservation(
        request: Flyteidl2_Cacheservice_GetOrExtendReservationRequest, context: ServerContext
    ) async throws -> Flyteidl2_Cacheservice_GetOrExtendReservationResponse {
        try await getOrExtendReservation(request)
    }

    public func releaseReservation(request: Flyteidl2_Cacheservice_ReleaseReservationRequest, context: ServerContext)
        async throws -> Flyteidl2_Cacheservice_ReleaseReservationResponse
    { try await releaseReservation(request) }

    // The same calls without a gRPC context, for the Connect routes (``methods``).

    func get(_ request: Flyteidl2_Cacheservice_GetCacheRequest) async throws -> Flyteidl2_Cacheservice_GetCacheResponse
    {
        try await get(try unscoped(request.key))
    }

    func put(_ request: Flyteidl2_Cacheservice_PutCacheRequest) async throws -> Flyteidl2_Cacheservice_PutCacheResponse
    {
        try await put(try unscoped(request.key), request)
    }

    func delete(_ request: Flyteidl2_Cacheservice_DeleteCacheRequest) async throws
        -> Flyteidl2_Cacheservice_DeleteCacheResponse
    { try await delete(try unscoped(request.key)) }

    func getOrExtendReservation(_ request: Flyteidl2_Cacheservice_GetOrExtendReservationRequest) async throws
        -> Flyteidl2_Cacheservice_GetOrExtendReservationResponse
    { try await getOrExtendReservation(try unscoped(request.key), request) }

    func releaseReservation(_ request: Flyteidl2_Cacheservice_ReleaseReservationRequest) async throws
        -> Flyteidl2_Cacheservice_ReleaseReservationResponse
    { try await releaseReservation(try unscoped(request.key), request) }

    private func unscoped(_ key: String) throws -> FlyteCacheKey {
        try FlyteCacheKey(key, in: FlyteCacheKey.unscopedDataset)
    }
}
