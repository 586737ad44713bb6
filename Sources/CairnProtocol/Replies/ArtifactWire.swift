import CairnCore
import Foundation

/// How cache hits, data items, blob references and reservations look on the wire, both ways
/// (documented in docs/protocol.md). Times are Unix milliseconds.
public enum ArtifactWire {
    /// `[id, [name, value, …], [meta-key, meta-value, …], created-ms, expires-ms | null, [[uri, size, sha256], …]]`;
    /// a blob item's value is `[uri, size, sha256]`.
    public static func cacheHit(_ hit: CachedArtifact) -> RESPValue {
        .array([
            .bulk(hit.id.description), data(hit.items), flat(hit.metadata), .integer(hit.createdAt.unixMilliseconds),
            time(hit.expiresAt), .array(hit.blobs.map(blob)),
        ])
    }

    /// Reads ``cacheHit(_:)``; null is a miss.
    public static func cacheHit(from reply: RESPValue) throws -> CachedArtifact? {
        guard !reply.isNull else { return nil }
        let fields = try reply.array("CACHE.GET reply")
        guard fields.count >= 6 else { throw reply.unexpected("CACHE.GET reply", "6 fields") }
        let id = try fields[0].string("id")
        return CachedArtifact(
            id: try UnexpectedReply.decoding("id") { try ArtifactID(parsing: id) }, items: try items(fields[1]),
            metadata: try fields[2].stringMap("metadata"), createdAt: try fields[3].date("created"),
            expiresAt: try fields[4].optionalDate("expires"), blobs: try fields[5].array("blobs").map(blob))
    }

    /// `[name, value, …]`: an inline value as a bulk string, a blob as `[uri, size, sha256]`, an
    /// omitted value (listings without values) as its size.
    public static func data(_ items: [DataItem]) -> RESPValue {
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

    /// Reads ``data(_:)`` (or a map of the same).
    public static func items(_ value: RESPValue, field: String = "data") throws -> [DataItem] {
        try value.pairs(field).map { pair in
            let name = try pair.key.string("\(field) item name")
            let itemValue: DataItem.Value
            switch pair.value {
            case .bulkString: itemValue = .inline(try pair.value.bytes(name))
            case .integer(let size): itemValue = .omitted(size: size)
            default: itemValue = .blob(try blob(pair.value))
            }
            return try UnexpectedReply.decoding("data item \(name)") { try DataItem(name: name, value: itemValue) }
        }
    }

    /// `[uri, size, sha256]`.
    public static func blob(_ reference: BlobReference) -> RESPValue {
        .array([.bulk(reference.uri), .integer(reference.size), .bulk(reference.sha256.hex)])
    }

    /// Reads ``blob(_:)-swift.type.method``.
    public static func blob(_ value: RESPValue) throws -> BlobReference {
        let parts = try value.array("blob", count: 3, shape: "[uri, size, sha256]")
        let uri = try parts[0].string("blob uri")
        let size = try parts[1].integer("blob size")
        let hex = try parts[2].string("blob sha256")
        return try UnexpectedReply.decoding("blob") {
            try BlobReference(uri: uri, size: size, sha256: SHA256Digest(hex: hex))
        }
    }

    /// `[key, value, …]` in key order.
    public static func flat(_ map: [String: String]) -> RESPValue {
        .array(map.keys.sorted().flatMap { [RESPValue.bulk($0), .bulk(map[$0]!)] })
    }

    /// Unix milliseconds, or null.
    public static func time(_ date: Date?) -> RESPValue {
        date.map { .integer($0.unixMilliseconds) } ?? .null
    }

    /// `[outcome, owner, expires-ms, token]`; `cached` carries the artifact id in place of the owner.
    public static func reservation(_ outcome: ReservationOutcome) -> RESPValue {
        switch outcome {
        case .acquired(let reservation): reservationFields("acquired", reservation)
        case .held(let reservation): reservationFields("held", reservation)
        case .cached(let id): .array([.bulk("cached"), .bulk(id.description), .null, .null])
        }
    }

    /// Reads ``reservation(_:)`` for the reservation of (`dataset`, `tag`), which the reply leaves out.
    public static func reservation(from reply: RESPValue, dataset: DatasetID, tag: TagName) throws
        -> ReservationOutcome
    {
        let fields = try reply.array("CACHE.RESERVE reply", count: 4, shape: "4 fields")
        let outcome = try fields[0].string("outcome")
        if outcome == "cached" {
            let id = try fields[1].string("artifact id")
            return .cached(try UnexpectedReply.decoding("artifact id") { try ArtifactID(parsing: id) })
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

    private static func reservationFields(_ outcome: String, _ reservation: Reservation) -> RESPValue {
        .array([
            .bulk(outcome), .bulk(reservation.owner), .integer(reservation.expiresAt.unixMilliseconds),
            .integer(reservation.fencingToken),
        ])
    }
}
