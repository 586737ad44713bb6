import CairnCore
import CairnProtocol
import Foundation

/// A cache hit: what `CACHE.GET` returns for a live artifact.
public struct CachedArtifact: Hashable, Sendable {
    /// The artifact the tag points at.
    public var id: ArtifactID
    /// Data items in name order; a blob item's value is a ``DataItem/Value/blob(_:)`` reference.
    public var items: [DataItem]
    /// Free-form metadata given with the put.
    public var metadata: [String: String]
    /// When the artifact was created.
    public var createdAt: Date
    /// When the cache stops returning it; `nil` for never.
    public var expiresAt: Date?
    /// Every blob the artifact references (item blobs and declared references).
    public var blobs: [BlobReference]

    /// A hit made by hand (tests, fakes); the client reads them from replies.
    public init(
        id: ArtifactID, items: [DataItem], metadata: [String: String] = [:], createdAt: Date, expiresAt: Date? = nil,
        blobs: [BlobReference] = []
    ) {
        self.id = id
        self.items = items
        self.metadata = metadata
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.blobs = blobs
    }

    /// The item called `name`, if any.
    public subscript(item name: String) -> DataItem? { items.first { $0.name == name } }

    /// Reads `[id, [name, value, …], [meta-key, meta-value, …], created, expires | null, [[uri, size, sha256], …]]`.
    init(reply: RESPValue) throws {
        let fields = try reply.array("CACHE.GET reply")
        guard fields.count >= 6 else { throw reply.unexpected("CACHE.GET reply", "6 fields") }
        let id = try fields[0].string("id")
        self.id = try CairnClientError.decoding("id") { try ArtifactID(parsing: id) }
        self.items = try Self.items(fields[1], field: "data")
        self.metadata = try fields[2].stringMap("metadata")
        self.createdAt = try fields[3].date("created")
        self.expiresAt = try fields[4].optionalDate("expires")
        self.blobs = try fields[5].array("blobs").map { try Self.blob($0) }
    }

    /// Items from `[name, value, …]` (or a map): a bulk string is an inline value, `[uri, size, sha256]`
    /// a blob, an integer the size of a value a listing left out.
    static func items(_ value: RESPValue, field: String) throws -> [DataItem] {
        try value.pairs(field).map { pair in
            let name = try pair.key.string("\(field) item name")
            let itemValue: DataItem.Value
            switch pair.value {
            case .bulkString: itemValue = .inline(try pair.value.bytes(name))
            case .integer(let size): itemValue = .omitted(size: size)
            default: itemValue = .blob(try blob(pair.value))
            }
            return try CairnClientError.decoding("data item \(name)") { try DataItem(name: name, value: itemValue) }
        }
    }

    /// A blob reference from `[uri, size, sha256]`.
    static func blob(_ value: RESPValue) throws -> BlobReference {
        let parts = try value.array("blob")
        guard parts.count == 3 else { throw value.unexpected("blob", "[uri, size, sha256]") }
        let uri = try parts[0].string("blob uri")
        let size = try parts[1].integer("blob size")
        let hex = try parts[2].string("blob sha256")
        return try CairnClientError.decoding("blob") {
            try BlobReference(uri: uri, size: size, sha256: SHA256Digest(hex: hex))
        }
    }
}
