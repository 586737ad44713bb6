import CairnCore
import Foundation

/// One distinct blob reference in `artifact_blobs`: what fsck checks an object against.
public struct ReferencedBlob: Sendable, Hashable {
    public var sha256: SHA256Digest
    public var uri: String
    /// The content size the referencing rows claim.
    public var size: Int64

    public init(sha256: SHA256Digest, uri: String, size: Int64) {
        self.sha256 = sha256
        self.uri = uri
        self.size = size
    }
}

/// An artifact as an operator recognises it: id, dataset and the tags pointing at it.
public struct ReferringArtifact: Sendable, Hashable {
    public var id: ArtifactID
    public var dataset: DatasetID
    /// Sorted; empty when no tag points at it.
    public var tags: [String]

    public init(id: ArtifactID, dataset: DatasetID, tags: [String]) {
        self.id = id
        self.dataset = dataset
        self.tags = tags
    }
}

extension MaintenanceConnection {
    /// Up to `limit` distinct (sha256, uri, size) references after `after`, in that order (keyset
    /// pagination, so the table is never read whole into memory).
    public func referencedBlobs(after: ReferencedBlob?, limit: Int) throws -> [ReferencedBlob] {
        var bind = PGBind()
        bind.append(bytes: after.map { $0.sha256.bytes } ?? [])
        bind.append(after?.uri ?? "")
        bind.append(after?.size ?? Int64.min)
        bind.append(Int64(limit))
        let result = try query(
            "SELECT DISTINCT sha256, uri, size FROM artifact_blobs "
                + "WHERE (sha256, uri, size) > ($1::bytea, $2::text, $3::bigint) "
                + "ORDER BY sha256, uri, size LIMIT $4::bigint", bind)
        return try (0..<result.rowCount).map { row in
            ReferencedBlob(
                sha256: try Self.digest(result, row, 0), uri: result.string(row, 1), size: result.int64(row, 2))
        }
    }

    /// The artifacts that reference each of `blobs` (same digest, uri and size), in id order.
    /// Blobs nobody references any more are absent from the result.
    public func artifacts(referencing blobs: [ReferencedBlob]) throws -> [ReferencedBlob: [ReferringArtifact]] {
        guard !blobs.isEmpty else { return [:] }
        var bind = PGBind()
        bind.append(byteaArray: blobs.map { $0.sha256.bytes })
        bind.append(textArray: blobs.map(\.uri))
        bind.append(int8Array: blobs.map(\.size))
        let result = try query(
            """
            SELECT b.sha256, b.uri, b.size, a.id, d.project, d.domain, d.name, d.version,
                   ARRAY(SELECT t.name FROM tags t WHERE t.artifact_id = a.id ORDER BY t.name)
              FROM unnest($1::bytea[], $2::text[], $3::bigint[]) AS k (sha256, uri, size)
              JOIN artifact_blobs b ON b.sha256 = k.sha256 AND b.uri = k.uri AND b.size = k.size
              JOIN artifacts a ON a.id = b.artifact_id
              JOIN datasets d ON d.id = a.dataset_id
             ORDER BY b.sha256, b.uri, b.size, a.id
            """, bind)
        var referrers: [ReferencedBlob: [ReferringArtifact]] = [:]
        for row in 0..<result.rowCount {
            let blob = ReferencedBlob(
                sha256: try Self.digest(result, row, 0), uri: result.string(row, 1), size: result.int64(row, 2))
            let dataset = try DatasetID(
                project: result.string(row, 4), domain: result.string(row, 5), name: result.string(row, 6),
                version: result.string(row, 7))
            let artifact = ReferringArtifact(
                id: try result.artifactID(row, 3), dataset: dataset,
                tags: try result.textArray(row, 8).compactMap { $0 })
            referrers[blob, default: []].append(artifact)
        }
        return referrers
    }

    /// Deletes artifacts with `cairn_delete_artifact` in one transaction (their blob references are
    /// queued for the collector, servers drop them from hot caches). Returns those that existed.
    public func deleteArtifacts(_ ids: [ArtifactID]) throws -> Set<ArtifactID> {
        guard !ids.isEmpty else { return [] }
        var bind = PGBind()
        // Sorted, so concurrent deleters take row locks in one order.
        bind.append(uuidArray: Array(Set(ids)).sorted())
        let result = try query(
            "SELECT k.id FROM unnest($1::uuid[]) AS k (id) WHERE cairn_delete_artifact(k.id)", bind)
        return Set(try (0..<result.rowCount).map { try result.artifactID($0, 0) })
    }

    static func digest(_ result: PGResult, _ row: Int, _ column: Int) throws -> SHA256Digest {
        guard let digest = SHA256Digest(bytes: result.raw(row, column)) else {
            throw CairnError(.internalError, "artifact_blobs holds a digest that is not 32 bytes")
        }
        return digest
    }
}
