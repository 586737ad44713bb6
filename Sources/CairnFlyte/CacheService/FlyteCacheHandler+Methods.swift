import CairnFlyteProtocol
import GRPCCore

/// The one table of both services' methods: a gRPC server registers it, the Connect routes call it.
extension FlyteCacheHandler {
    /// Every method of `flyteidl2.cacheservice.CacheService` and `flyteidl2.cacheservice.v2.CacheService`.
    public var methods: [any UnaryMethod] {
        typealias Unscoped = Flyteidl2_Cacheservice_CacheService.Method
        typealias Scoped = Flyteidl2_Cacheservice_V2_CacheService.Method
        // Get answers and Put takes a CachedOutput, whose LiteralMap and Identifier are declared as
        // bytes: in JSON they go through typed twins (JSONTranscoding). The other messages have none.
        let getResponseJSON = JSONTranscoding(Cairn_Flyte2json_GetCacheResponse.self)
        return [
            ProtobufUnaryMethod(Unscoped.Get.descriptor, responseJSON: getResponseJSON) {
                (request: Flyteidl2_Cacheservice_GetCacheRequest) in try await get(request)
            },
            ProtobufUnaryMethod(
                Unscoped.Put.descriptor, requestJSON: JSONTranscoding(Cairn_Flyte2json_PutCacheRequest.self)
            ) {
                (request: Flyteidl2_Cacheservice_PutCacheRequest) in try await put(request)
            },
            ProtobufUnaryMethod(Unscoped.Delete.descriptor) {
                (request: Flyteidl2_Cacheservice_DeleteCacheRequest) in try await delete(request)
            },
            ProtobufUnaryMethod(Unscoped.GetOrExtendReservation.descriptor) {
                (request: Flyteidl2_Cacheservice_GetOrExtendReservationRequest) in
                try await getOrExtendReservation(request)
            },
            ProtobufUnaryMethod(Unscoped.ReleaseReservation.descriptor) {
                (request: Flyteidl2_Cacheservice_ReleaseReservationRequest) in try await releaseReservation(request)
            },
            ProtobufUnaryMethod(Scoped.Get.descriptor, responseJSON: getResponseJSON) {
                (request: Flyteidl2_Cacheservice_V2_GetCacheRequest) in try await get(request)
            },
            ProtobufUnaryMethod(
                Scoped.Put.descriptor, requestJSON: JSONTranscoding(Cairn_Flyte2json_ScopedPutCacheRequest.self)
            ) { (request: Flyteidl2_Cacheservice_V2_PutCacheRequest) in try await put(request) },
            ProtobufUnaryMethod(Scoped.Delete.descriptor) {
                (request: Flyteidl2_Cacheservice_V2_DeleteCacheRequest) in try await delete(request)
            },
            ProtobufUnaryMethod(Scoped.GetOrExtendReservation.descriptor) {
                (request: Flyteidl2_Cacheservice_V2_GetOrExtendReservationRequest) in
                try await getOrExtendReservation(request)
            },
            ProtobufUnaryMethod(Scoped.ReleaseReservation.descriptor) {
                (request: Flyteidl2_Cacheservice_V2_ReleaseReservationRequest) in try await releaseReservation(request)
            },
        ]
    }

    /// Registers both services from ``methods``. (Each generated protocol brings a default that
    /// registers its own service; a type conforming to both must say which to use, and uses both.)
    public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        for method in methods { method.register(with: &router) }
    }
}
