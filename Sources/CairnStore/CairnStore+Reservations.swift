import CairnCore
import Foundation

extension CairnStore {
    /// Get-or-extend: takes the lease on (`dataset`, `tag`) for `owner` if nobody holds an
    /// unexpired one, extends it if `owner` holds it (same fencing token), or reports the holder.
    /// Reports ``ReservationOutcome/cached(_:)`` when the tag already has a live artifact, unless
    /// `checksCache` is false (Flyte's datacatalog leases, which never look at artifacts).
    ///
    /// - Parameter lease: how long the lease lasts; `nil` or zero takes ``Configuration/defaultLease``,
    ///   and it is clamped to ``Configuration/minLease`` ... ``Configuration/maxLease``.
    /// - Throws: ``CairnError/Code/invalidArgument`` for a negative lease.
    public func reserve(
        _ dataset: DatasetID, _ tag: TagName, owner: String, lease: Duration? = nil, checksCache: Bool = true
    ) async throws -> ReservationOutcome {
        try Reservation.validateOwner(owner)
        let granted = try effectiveLease(lease)
        var bind = PGBind()
        bind.append(dataset)
        bind.append(tag.value)
        bind.append(owner)
        bind.append(interval: granted)
        for _ in 0..<3 {
            let outcome = try await pool.run(.prepared(checksCache ? .reserve : .lease, bind)) {
                result -> ReservationOutcome? in
                guard result.rowCount == 1 else { return nil }  // the holder released between two looks
                if result.string(0, 0) == "cached" { return .cached(try result.artifactID(0, 4)) }
                let reservation = Reservation(
                    dataset: dataset, tag: tag, owner: result.string(0, 1),
                    expiresAt: result.date(0, 2), fencingToken: result.int64(0, 3))
                return result.string(0, 0) == "acquired" ? .acquired(reservation) : .held(reservation)
            }
            if let outcome { return outcome }
        }
        throw CairnError(.conflict, "reservation of tag \(tag) in \(dataset) changed hands repeatedly; retry")
    }

    /// The lease a request for `lease` gets.
    /// - Throws: ``CairnError/Code/invalidArgument`` for a negative lease.
    public func effectiveLease(_ lease: Duration?) throws -> Duration {
        if let lease, lease < .zero { throw CairnError.invalid("lease", "must not be negative, got \(lease)") }
        guard let lease, lease > .zero else { return configuration.defaultLease }
        return min(max(lease, configuration.minLease), configuration.maxLease)
    }

    /// Releases `owner`'s reservation. Returns `false` if `owner` did not hold it (expired and
    /// taken over, or never held): releasing is safe to repeat.
    public func release(_ dataset: DatasetID, _ tag: TagName, owner: String) async throws -> Bool {
        try Reservation.validateOwner(owner)
        var bind = PGBind()
        bind.append(dataset)
        bind.append(tag.value)
        bind.append(owner)
        return try await pool.run(.prepared(.release, bind)) { $0.affectedRows == 1 }
    }

    /// The current reservation row of a tag, expired or not; `nil` if there is none.
    public func reservation(_ dataset: DatasetID, _ tag: TagName) async throws -> Reservation? {
        var bind = PGBind()
        bind.append(dataset)
        bind.append(tag.value)
        return try await pool.run(.prepared(.getReservation, bind)) { result in
            guard result.rowCount == 1 else { return nil }
            return Reservation(
                dataset: dataset, tag: tag, owner: result.string(0, 0), expiresAt: result.date(0, 1),
                fencingToken: result.int64(0, 2))
        }
    }
}
