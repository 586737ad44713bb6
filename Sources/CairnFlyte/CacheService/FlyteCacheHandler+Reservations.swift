import CairnCore
import CairnFlyteProtocol
import CairnService
import GRPCCore

/// GetOrExtendReservation and ReleaseReservation, for both services once their key is mapped. The
/// lease is Cairn's reservation of the key's tag, taken without looking at the cache (as Flyte's
/// service does): the caller looked already.
extension FlyteCacheHandler {
    /// Acquires the reservation when it is free or expired, extends it when `owner_id` holds it,
    /// and otherwise answers with the holder's.
    /// - Parameter field: the request field `request` came from, for errors (`base_request.` in v2).
    func getOrExtendReservation(
        _ key: FlyteCacheKey, _ request: Flyteidl2_Cacheservice_GetOrExtendReservationRequest, field: String = ""
    ) async throws -> Flyteidl2_Cacheservice_GetOrExtendReservationResponse {
        try await RPCError.mapping {
            let owner = try validatedOwner(request.ownerID, field: field + "owner_id")
            var requested: Duration?
            if request.hasHeartbeatInterval {
                guard let interval = request.heartbeatInterval.swiftDuration else {
                    throw RPCError.invalid(field + "heartbeat_interval", "is not a valid duration")
                }
                requested = interval
            }
            let heartbeat = configuration.heartbeat(requested)
            let outcome = try await service.reserve(
                key.dataset, key.tag, owner: owner, lease: configuration.lease(heartbeat: heartbeat),
                checksCache: false)
            let holder: Reservation
            switch outcome {
            case .acquired(let reservation), .held(let reservation):
                holder = reservation
            case .cached:
                throw RPCError(code: .internalError, message: "the reservation looked at the cache, which it must not")
            }
            return Flyteidl2_Cacheservice_GetOrExtendReservationResponse.with {
                $0.reservation.key = request.key
                $0.reservation.ownerID = holder.owner
                $0.reservation.heartbeatInterval = .init(heartbeat)
                $0.reservation.expiresAt = .init(holder.expiresAt)
            }
        }
    }

    /// Releases `owner_id`'s reservation; OK whether or not it held one.
    func releaseReservation(
        _ key: FlyteCacheKey, _ request: Flyteidl2_Cacheservice_ReleaseReservationRequest, field: String = ""
    ) async throws -> Flyteidl2_Cacheservice_ReleaseReservationResponse {
        try await RPCError.mapping {
            let owner = try validatedOwner(request.ownerID, field: field + "owner_id")
            _ = try await service.release(key.dataset, key.tag, owner: owner)
            return Flyteidl2_Cacheservice_ReleaseReservationResponse()
        }
    }

    /// An owner id Cairn can record. - Throws: `INVALID_ARGUMENT` naming `field`.
    private func validatedOwner(_ owner: String, field: String) throws -> String {
        try renaming("owner", to: field) { try Reservation.validateOwner(owner) }
        return owner
    }
}
