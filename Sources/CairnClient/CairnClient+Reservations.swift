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
        // Saturating: an absurd lease reaches the server as a number it rejects, never a trap here.
        let milliseconds = Int64(
            clamping: Int128(lease.components.seconds) * 1000
                + Int128(lease.components.attoseconds / 1_000_000_000_000_000))
        let reply = try await send(["CACHE.RESERVE", dataset.description, tag.value, owner, String(milliseconds)])
        return try Self.reservation(reply, dataset: dataset, tag: tag)
    }

    /// `CACHE.RELEASE`: gives the lease up. Returns whether `owner` held it.
    @discardableResult
    public func release(dataset: DatasetID, tag: TagName, owner: String) async throws -> Bool {
        try await send(["CACHE.RELEASE", dataset.description, tag.value, owner]).integer("CACHE.RELEASE reply") == 1
    }

    /// Reads `[acquired | held, owner, expires, token]` or `[cached, artifact-id, null, null]`.
    static func reservation(_ reply: RESPValue, dataset: DatasetID, tag: TagName) throws -> ReservationOutcome {
        let fields = try reply.array("CACHE.RESERVE reply")
        guard fields.count == 4 else { throw reply.unexpected("CACHE.RESERVE reply", "4 fields") }
        let outcome = try fields[0].string("outcome")
        if outcome == "cached" {
            let id = try fields[1].string("artifact id")
            return .cached(try CairnClientError.decoding("artifact id") { try ArtifactID(parsing: id) })
        }
        let reservation = Reservation(
            dataset: dataset, tag: tag, owner: try fields[1].string("owner"), expiresAt: try fields[2].date("expires"),
            fencingToken: try fields[3].integer("fencing token"))
        switch outcome {
        case "acquired": return .acquired(reservation)
        case "held": return .held(reservation)
        default: throw fields[0].unexpected("outcome", "acquired, held or cached")
        }
    }
}
