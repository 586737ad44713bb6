import Foundation

/// A lease on a (dataset, tag): the holder is computing the value; others wait for it.
public struct Reservation: Hashable, Sendable {
    public var dataset: DatasetID
    public var tag: TagName
    /// Who holds the lease (an engine execution and node, typically).
    public var owner: String
    /// When the lease lapses unless the holder extends it.
    public var expiresAt: Date
    /// Grows every time the reservation changes hands. A put carrying an older token than the
    /// current holder's is rejected with ``CairnError/Code/fencingRejected``.
    public var fencingToken: Int64

    public init(dataset: DatasetID, tag: TagName, owner: String, expiresAt: Date, fencingToken: Int64) {
        self.dataset = dataset
        self.tag = tag
        self.owner = owner
        self.expiresAt = expiresAt
        self.fencingToken = fencingToken
    }

    /// Checks an owner: 1...256 bytes of visible ASCII.
    public static func validateOwner(_ owner: String) throws {
        try Identifier.validateToken(owner, field: "owner", maxLength: CatalogLimits.maxOwnerLength)
    }
}

/// What asking for a reservation produced.
public enum ReservationOutcome: Hashable, Sendable {
    /// The caller holds the lease now (newly, or extended if it held it already).
    case acquired(Reservation)
    /// Someone else holds an unexpired lease; wait and look in the cache again.
    case held(Reservation)
    /// The tag already has a live artifact: read it instead of computing.
    case cached(ArtifactID)
}
