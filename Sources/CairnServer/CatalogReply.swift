import CairnCore
import CairnProtocol
import Foundation

/// How datasets, artifacts, pages and tag outcomes of the catalog commands look on the wire
/// (documented in docs/protocol.md). Records are maps: flat `key value …` arrays in RESP2.
enum CatalogReply {
    /// `id`, `metadata` (flat `[key, value, …]`), `partition_keys`, `created` (ms).
    static func dataset(_ dataset: Dataset) -> RESPValue {
        record([
            ("id", .bulk(dataset.id.description)),
            ("metadata", ArtifactReply.flat(dataset.metadata)),
            ("partition_keys", .array(dataset.partitionKeys.map(RESPValue.bulk))),
            ("created", .integer(ArtifactReply.milliseconds(dataset.createdAt))),
        ])
    }

    /// `id`, `dataset`, `data`, `blobs`, `metadata`, `partitions`, `tags`, `created`, `updated`,
    /// `expires`, `last_hit`, `hits`, `size`, `checksum`; times in ms, null where unset.
    static func artifact(_ artifact: Artifact) -> RESPValue {
        record([
            ("id", .bulk(artifact.id.description)),
            ("dataset", .bulk(artifact.dataset.description)),
            ("data", ArtifactReply.data(artifact.items)),
            ("blobs", .array(artifact.blobs.map(ArtifactReply.blob))),
            ("metadata", ArtifactReply.flat(artifact.metadata)),
            ("partitions", ArtifactReply.flat(artifact.partitions)),
            ("tags", .array(artifact.tags.map(RESPValue.bulk))),
            ("created", .integer(ArtifactReply.milliseconds(artifact.createdAt))),
            ("updated", time(artifact.updatedAt)),
            ("expires", time(artifact.expiresAt)),
            ("last_hit", time(artifact.lastHitAt)),
            ("hits", .integer(artifact.hitCount)),
            ("size", .integer(artifact.size)),
            ("checksum", .bulk(artifact.checksum.hex)),
        ])
    }

    /// `[next-cursor | null, [record, …]]`.
    static func page<Element>(_ page: Page<Element>, _ record: (Element) -> RESPValue) -> RESPValue {
        .array([page.nextCursor.map(RESPValue.bulk) ?? .null, .array(page.items.map(record))])
    }

    /// `[outcome, artifact-id]`: the tagged artifact for `created` and `unchanged`, the one the tag
    /// still points at for `kept`, the one it pointed at before for `moved`.
    static func tag(_ outcome: TagOutcome, artifact: ArtifactID) -> RESPValue {
        let (name, id): (String, ArtifactID) =
            switch outcome {
            case .created: ("created", artifact)
            case .unchanged: ("unchanged", artifact)
            case .kept(let existing): ("kept", existing)
            case .moved(let previous): ("moved", previous)
            }
        return .array([.bulk(name), .bulk(id.description)])
    }

    private static func record(_ fields: [(String, RESPValue)]) -> RESPValue {
        .map(fields.map { (key: .bulk($0.0), value: $0.1) })
    }

    private static func time(_ date: Date?) -> RESPValue {
        date.map { .integer(ArtifactReply.milliseconds($0)) } ?? .null
    }
}
