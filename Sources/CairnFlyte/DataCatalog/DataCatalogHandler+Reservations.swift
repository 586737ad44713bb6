import CairnCore
import CairnFlyteProtocol
import GRPCCore

extension DataCatalogHandler {
    /// Takes, extends or reports the reservation of a tag, as Flyte's datacatalog does: the heartbeat
    /// asked for is capped by configuration, and the lease lasts a multiple of it from now. Whether
    /// the tag already has an artifact does not matter (propeller looked before asking).
    func getOrExtendReservation(_ request: Datacatalog_GetOrExtendReservationRequest) async throws
        -> Datacatalog_GetOrExtendReservationResponse
    {
        let (dataset, tag) = try Self.reservationKey(request.reservationID)
        guard !request.ownerID.isEmpty else { throw RPCError.invalid("owner_id", "is required") }
        var requested: Duration?
        if request.hasHeartbeatInterval {
            guard let duration = request.heartbeatInterval.swiftDuration, duration >= .zero else {
                throw RPCError.invalid("heartbeat_interval", "is not a valid non-negative duration")
            }
            requested = duration
        }
        let heartbeat = configuration.heartbeat(requested)
        let outcome = try await service.reserve(
            dataset, tag, owner: request.ownerID, lease: configuration.lease(heartbeat: heartbeat),
            checksCache: false)
        let holder: Reservation
        switch outcome {
        case .acquired(let reservation), .held(let reservation): holder = reservation
        case .cached:
            throw RPCError(code: .internalError, message: "a lease without the cache check reported a cached artifact")
        }
        var reservation = Datacatalog_Reservation()
        reservation.reservationID = request.reservationID
        reservation.ownerID = holder.owner
        reservation.heartbeatInterval = .init(heartbeat)
        reservation.expiresAt = .init(holder.expiresAt)
        var response = Datacatalog_GetOrExtendReservationResponse()
        response.reservation = reservation
        return response
    }

    /// Releases the owner's reservation; `OK` when it held none.
    func releaseReservation(_ request: Datacatalog_ReleaseReservationRequest) async throws
        -> Datacatalog_ReleaseReservationResponse
    {
        let (dataset, tag) = try Self.reservationKey(request.reservationID)
        guard !request.ownerID.isEmpty else { throw RPCError.invalid("owner_id", "is required") }
        _ = try await service.release(dataset, tag, owner: request.ownerID)
        return Datacatalog_ReleaseReservationResponse()
    }

    static func reservationKey(_ id: Datacatalog_ReservationID) throws -> (DatasetID, TagName) {
        (try id.datasetID.cairnID(field: "reservation_id.dataset_id"), try TagName(id.tagName))
    }
}
