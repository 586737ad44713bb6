import CairnCore
import CairnProtocol
import Foundation

/// Reservations: one computation per tag at a time, with fencing tokens.
extension CairnClient {
    /// `CACHE.RESERVE`: takes (or extends) the lease on a tag for `owner`.
    /// - Parameter lease: how long the lease lasts; the server clamps it to 1 s … 1 h, and `.zero`
    ///   takes its default (60 s); a negative lease is an error.
    /// - Returns: ``ReservationOutcome/acquired(_:)`` with the fencing token to put with,
    ///   ``ReservationOutcome/held(_:)`` when someone else holds it, or ``ReservationOutcome/cached(_:)``
    ///   when the tag already has an artifact.
    public func reserve(dataset: DatasetID, tag: TagName, owner: String, lease: Duration = .zero) async throws
        -> ReservationOutcome
    {
        guard lease >= .zero else { throw CairnError.invalid("lease", "must not be negative, got \(lease)") }
        return try await send(CacheReserve(dataset: dataset, tag: tag, owner: owner, lease: lease))
    }

    /// `CACHE.RELEASE`: gives the lease up. Returns whether `owner` held it.
    @discardableResult
    public func release(dataset: DatasetID, tag: TagName, owner: String) async throws -> Bool {
        try await send(CacheRelease(dataset: dataset, tag: tag, owner: owner))
    }
}
