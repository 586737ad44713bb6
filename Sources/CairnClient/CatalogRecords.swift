import CairnCore
import CairnProtocol
import Foundation

/// Listing replies: `[next-cursor | null, [record, …]]`, each record a map (a flat array in RESP2).
enum CatalogRecords {
    static func page<Element>(_ reply: RESPValue, field: String, _ read: (RESPValue) throws -> Element) throws
        -> Page<Element>
    {
        let parts = try reply.array("\(field) reply")
        guard parts.count == 2 else { throw reply.unexpected("\(field) reply", "[cursor, records]") }
        let cursor = parts[0].isNull ? nil : try parts[0].string("cursor")
        return Page(items: try parts[1].array("\(field) records").map(read), nextCursor: cursor)
    }

    /// A dataset record: `id`, `metadata`, `partition_keys`, `created`.
    static func dataset(_ value: RESPValue) throws -> Dataset {
        let record = try value.record("dataset")
        let id = try field(record, "id").string("id")
        return Dataset(
            id: try CairnClientError.decoding("dataset id") { try DatasetID(parsing: id) },
            metadata: try record["metadata"]?.stringMap("metadata") ?? [:],
            partitionKeys: try record["partition_keys"]?.array("partition_keys").map { try $0.string("partition key") }
                ?? [],
            createdAt: try field(record, "created").date("created"))
    }

    /// An artifact record: `id`, `dataset`, `data`, `blobs`, `metadata`, `partitions`, `tags`, `created`,
    /// `updated`, `expires`, `last_hit`, `hits`, `size`, `checksum`.
    static func artifact(_ value: RESPValue) throws -> Artifact {
        let record = try value.record("artifact")
        let id = try field(record, "id").string("id")
        let dataset = try field(record, "dataset").string("dataset")
        let checksum = try field(record, "checksum").string("checksum")
        return try CairnClientError.decoding("artifact \(id)") {
            Artifact(
                id: try ArtifactID(parsing: id), dataset: try DatasetID(parsing: dataset),
                items: try record["data"].map { try CachedArtifact.items($0, field: "data") } ?? [],
                blobs: try record["blobs"]?.array("blobs").map(CachedArtifact.blob) ?? [],
                metadata: try record["metadata"]?.stringMap("metadata") ?? [:],
                partitions: try record["partitions"]?.stringMap("partitions") ?? [:],
                tags: try record["tags"]?.array("tags").map { try $0.string("tag") } ?? [],
                createdAt: try field(record, "created").date("created"),
                updatedAt: try record["updated"]?.optionalDate("updated"),
                expiresAt: try record["expires"]?.optionalDate("expires"),
                lastHitAt: try record["last_hit"]?.optionalDate("last_hit"),
                hitCount: try record["hits"]?.integer("hits") ?? 0, size: try record["size"]?.integer("size") ?? 0,
                checksum: try SHA256Digest(hex: checksum, field: "checksum"))
        }
    }

    private static func field(_ record: [String: RESPValue], _ name: String) throws -> RESPValue {
        guard let value = record[name] else {
            throw CairnClientError(.unexpectedReply, "record has no \(name): keys \(record.keys.sorted())")
        }
        return value
    }
}
