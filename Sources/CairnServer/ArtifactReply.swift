import CairnCore
import CairnProtocol
import Foundation

/// How artifacts and reservations look on the wire (documented in docs/protocol.md).
enum ArtifactReply {
    /// `[id, [name, value, …], [meta-key, meta-value, …], created-ms, expires-ms | null, [[uri, size, sha256], …]]`;
    /// a blob item's value is `[uri, size, sha256]`.
    static func cacheHit(_ artifact: Artifact) -> RESPValue {
        .array([
            .bulk(artifact.id.description), data(artifact.items), flat(artifact.metadata),
            .integer(milliseconds(artifact.createdAt)), artifact.expiresAt.map { .integer(milliseconds($0)) } ?? .null,
            .array(artifact.blobs.map(blob)),
        ])
    }

    /// `[name, value, …]`: an inline value as a bulk string, a blob as `[uri, size, sha256]`, an
    /// omitted value (listings without values) as its size.
    static func data(_ items: [DataItem]) -> RESPValue {
        var data: [RESPValue] = []
        for item in items {
            data.append(.bulk(item.name))
            switch item.value {
            case .inline(let bytes): data.append(.bulk(bytes: bytes))
            case .blob(let reference): data.append(blob(reference))
            case .omitted(let size): data.append(.integer(size))
            }
        }
        return .array(data)
    }

    /// `[key, value, …]` in key order.
    static func flat(_ map: [String: String]) -> RESPValue {
        .array(map.keys.sorted().flatMap { [RESPValue.bulk($0), .bulk(map[$0]!)] })
    }

    /// `[outcome, owner, expires-ms, token]`; `cached` carries the artifact id in place of the owner.
    static func reservation(_ outcome: ReservationOutcome) -> RESPValue {
        switch outcome {
        case .acquired(let reservation): reservationReply("acquired", reservation)
        case .held(let reservation): reservationReply("held", reservation)
        case .cached(let id): .array([.bulk("cached"), .bulk(id.description), .null, .null])
        }
    }

    private static func reservationReply(_ outcome: String, _ reservation: Reservation) -> RESPValue {
        .array([
            .bulk(outcome), .bulk(reservation.owner), .integer(milliseconds(reservation.expiresAt)),
            .integer(reservation.fencingToken),
        ])
    }

    /// `[uri, size, sha256]`.
    static func blob(_ reference: BlobReference) -> RESPValue {
        .array([.bulk(reference.uri), .integer(reference.size), .bulk(reference.sha256.hex)])
    }

    /// Unix milliseconds (``Foundation/Date/unixMilliseconds``).
    static func milliseconds(_ date: Date) -> Int64 { date.unixMilliseconds }
}
