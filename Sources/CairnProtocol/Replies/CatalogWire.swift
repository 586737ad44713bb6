import CairnCore
import Foundation

/// How datasets, artifacts, pages and tag outcomes of the catalog commands look on the wire, both
/// ways (documented in docs/protocol.md). Records are maps: flat `key value …` arrays in RESP2.
public enum CatalogWire {
    /// `id`, `metadata` (flat `[key, value, …]`), `partition_keys`, `created` (ms).
    public static func dataset(_ dataset: Dataset) -> RESPValue {
        record([
            ("id", .bulk(dataset.id.description)),
            ("metadata", ArtifactWire.flat(dataset.metadata)),
            ("partition_keys", .array(dataset.partitionKeys.map(RESPValue.bulk))),
            ("created", .integer(dataset.createdAt.unixMilliseconds)),
        ])
    }

    /// Reads ``dataset(_:)-swift.type.method``.
    public static func dataset(_ value: RESPValue) throws -> Dataset {
        let record = try value.record("dataset")
        let id = try UnexpectedReply.field(record, "id").string("id")
        return Dataset(
            id: try UnexpectedReply.decoding("dataset id") { try DatasetID(parsing: id) },
            metadata: try record["metadata"]?.stringMap("metadata") ?? [:],
            partitionKeys: try record["partition_keys"]?.array("partition_keys").map { try $0.string("partition key") }
                ?? [],
            createdAt: try UnexpectedReply.field(record, "created").date("created"))
    }

    /// `id`, `dataset`, `data`, `blobs`, `metadata`, `partitions`, `tags`, `created`, `updated`,
    /// `expires`, `last_hit`, `hits`, `size`, `checksum`; times in ms, null where unset.
    public static func artifact(_ artifact: Artifact) -> RESPValue {
        record([
            ("id", .bulk(artifact.id.description)),
            ("dataset", .bulk(artifact.dataset.description)),
            ("data", ArtifactWire.data(artifact.items)),
            ("blobs", .array(artifact.blobs.map(ArtifactWire.blob))),
            ("metadata", ArtifactWire.flat(artifact.metadata)),
            ("partitions", ArtifactWire.flat(artifact.partitions)),
            ("tags", .array(artifact.tags.map(RESPValue.bulk))),
            ("created", .integer(artifact.createdAt.unixMilliseconds)),
            ("updated", ArtifactWire.time(artifact.updatedAt)),
            ("expires", ArtifactWire.time(artifact.expiresAt)),
            ("last_hit", ArtifactWire.time(artifact.lastHitAt)),
            ("hits", .integer(artifact.hitCount)),
            ("size", .integer(artifact.size)),
            ("checksum", .bulk(artifact.checksum.hex)),
        ])
    }

    /// Reads ``artifact(_:)-swift.type.method``.
    public static func artifact(_ value: RESPValue) throws -> Artifact {
        let record = try value.record("artifact")
        let id = try UnexpectedReply.field(record, "id").string("id")
        let dataset = try UnexpectedReply.field(record, "dataset").string("dataset")
        let checksum = try UnexpectedReply.field(record, "checksum").string("checksum")
        return try UnexpectedReply.decoding("artifact \(id)") {
            Artifact(
                id: try ArtifactID(parsing: id), dataset: try DatasetID(parsing: dataset),
                items: try record["data"].map { try ArtifactWire.items($0) } ?? [],
                blobs: try record["blobs"]?.array("blobs").map(ArtifactWire.blob) ?? [],
                metadata: try record["metadata"]?.stringMap("metadata") ?? [:],
                partitions: try record["partitions"]?.stringMap("partitions") ?? [:],
                tags: try record["tags"]?.array("tags").map { try $0.string("tag") } ?? [],
                createdAt: try UnexpectedReply.field(record, "created").date("created"),
                updatedAt: try record["updated"]?.optionalDate("updated"),
                expiresAt: try record["expires"]?.optionalDate("expires"),
                lastHitAt: try record["last_hit"]?.optionalDate("last_hit"),
                hitCount: try record["hits"]?.integer("hits") ?? 0, size: try record["size"]?.integer("size") ?? 0,
                checksum: try SHA256Digest(hex: checksum, field: "checksum"))
        }
    }

    /// `[next-cursor | null, [record, …]]`.
    public static func page<Element>(_ page: Page<Element>, _ record: (Element) -> RESPValue) -> RESPValue {
        .array([page.nextCursor.map(RESPValue.bulk) ?? .null, .array(page.items.map(record))])
    }

    /// Reads ``page(_:_:)``.
    public static func page<Element>(from reply: RESPValue, field: String, _ read: (RESPValue) throws -> Element)
        throws -> Page<Element>
    {
        let parts = try reply.array("\(field) reply", count: 2, shape: "[cursor, records]")
        let cursor = parts[0].isNull ? nil : try parts[0].string("cursor")
        return Page(items: try parts[1].array("\(field) records").map(read), nextCursor: cursor)
    }

    private static func record(_ fields: [(String, RESPValue)]) -> RESPValue {
        .map(fields.map { (key: .bulk($0.0), value: $0.1) })
    }
}
