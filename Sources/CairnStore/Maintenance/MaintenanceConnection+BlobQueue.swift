import CairnCore
import Foundation

/// A blob object whose reference was deleted, waiting in `blob_deletions` for the collector.
public struct QueuedBlobDeletion: Sendable, Hashable {
    public var sha256: SHA256Digest
    public var uri: String
    public var size: Int64
    public var queuedAt: Date
}

extension MaintenanceConnection {
    /// Up to `limit` queued deletions after `after` (keyset on digest and uri), in that order.
    public func queuedBlobDeletions(after: (SHA256Digest, String)?, limit: Int) throws -> [QueuedBlobDeletion] {
        var bind = PGBind()
        bind.append(bytes: after.map { Array($0.0.bytes) } ?? [])
        bind.append(after?.1 ?? "")
        bind.append(Int64(limit))
        let result = try query(
            "SELECT sha256, uri, size, queued_at FROM blob_deletions WHERE (sha256, uri) > ($1::bytea, $2::text) "
                + "ORDER BY sha256, uri LIMIT $3::bigint", bind)
        return try (0..<result.rowCount).map { row in
            guard let digest = SHA256Digest(bytes: result.bytes(row, 0)) else {
                throw CairnError(.internalError, "blob_deletions holds a digest that is not 32 bytes")
            }
            return QueuedBlobDeletion(
                sha256: digest, uri: result.string(row, 1), size: result.int64(row, 2), queuedAt: result.date(row, 3))
        }
    }

    /// The digests among `digests` that some artifact still references.
    public func referencedDigests(among digests: [SHA256Digest]) throws -> Set<SHA256Digest> {
        guard !digests.isEmpty else { return [] }
        var bind = PGBind()
        bind.append(byteaArray: digests.map { Array($0.bytes) })
        let result = try query("SELECT DISTINCT sha256 FROM artifact_blobs WHERE sha256 = ANY ($1::bytea[])", bind)
        return Set((0..<result.rowCount).compactMap { SHA256Digest(bytes: result.bytes($0, 0)) })
    }

    /// Removes entries from the deletion queue (their objects are gone, or not the collector's to delete).
    public func dequeueBlobDeletions(_ entries: [QueuedBlobDeletion]) throws {
        guard !entries.isEmpty else { return }
        var bind = PGBind()
        bind.append(byteaArray: entries.map { Array($0.sha256.bytes) })
        bind.append(textArray: entries.map(\.uri))
        try query(
            "DELETE FROM blob_deletions q USING unnest($1::bytea[], $2::text[]) AS d (sha256, uri) "
                + "WHERE q.sha256 = d.sha256 AND q.uri = d.uri", bind)
    }

    /// How many blob deletions are queued.
    public func queuedBlobDeletionCount() throws -> Int64 {
        try query("SELECT count(*) FROM blob_deletions").int64(0, 0)
    }
}
