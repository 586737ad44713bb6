import CairnCore
import Foundation

/// The set-based statements behind the cache path: many lookups or many puts in one statement.
enum CacheBatches {
    /// One lookup.
    struct Lookup: Sendable {
        var dataset: DatasetID
        var tag: TagName
    }

    /// One put, validated.
    struct Put: Sendable {
        var dataset: DatasetID
        var tag: TagName
        var artifactID: ArtifactID
        /// Time to live from the put's commit (PostgreSQL's clock); `nil`: never expires, or with
        /// `overwrite` on a live artifact, keep its expiry.
        var ttl: Duration?
        var content: ArtifactContent
        var fencingToken: Int64?
        var overwrite: Bool
        /// Expiry counts from the last hit: each recorded hit moves it to the hit plus `ttl`.
        var sliding = false
        /// The digest of each input, stored in `artifact_inputs`.
        var inputs: [InputDigest] = []
    }

    // MARK: lookups

    /// Each key is looked up on its own (OFFSET 0 keeps the subquery from being flattened), so the
    /// probe uses the whole primary key of `tags` whatever the planner believes about table sizes.
    static let lookupSQL = """
        SELECT k.ord::integer, a.id, a.metadata, a.created_at, a.updated_at, a.expires_at, a.last_hit_at, a.hit_count, \
        a.total_size, a.checksum, d.name, d.value, d.blob_uri, d.blob_size, d.blob_sha256, \
        CASE WHEN a.blob_count > 0 THEN ARRAY(SELECT x.uri FROM artifact_blobs x WHERE x.artifact_id = a.id ORDER BY x.uri) END, \
        CASE WHEN a.blob_count > 0 THEN ARRAY(SELECT x.size FROM artifact_blobs x WHERE x.artifact_id = a.id ORDER BY x.uri) END, \
        CASE WHEN a.blob_count > 0 THEN ARRAY(SELECT x.sha256 FROM artifact_blobs x WHERE x.artifact_id = a.id ORDER BY x.uri) END \
        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS k (project, domain, name, version, tag, ord) \
        CROSS JOIN LATERAL (SELECT t.artifact_id FROM datasets ds JOIN tags t ON t.dataset_id = ds.id \
        WHERE ds.project = k.project AND ds.domain = k.domain AND ds.name = k.name AND ds.version = k.version \
        AND t.name = k.tag OFFSET 0) hit \
        JOIN artifacts a ON a.id = hit.artifact_id AND (a.expires_at IS NULL OR a.expires_at > now()) \
        LEFT JOIN artifact_data d ON d.artifact_id = a.id \
        ORDER BY k.ord, d.name
        """

    static func lookupQuery(_ lookups: [Lookup]) -> PGQuery {
        var bind = PGBind()
        bind.append(keys: lookups.map { ($0.dataset, $0.tag) })
        return .prepared(.getMany, bind)
    }

    /// Rows come ordered by lookup, one per data item (one with NULL item columns if none).
    static func decodeLookups(_ result: PGResult, _ lookups: [Lookup]) throws -> [Result<Artifact?, CairnError>] {
        var found = [Artifact?](repeating: nil, count: lookups.count)
        var row = 0
        while row < result.rowCount {
            let index = Int(PGBinary.integer(result.raw(row, 0)) as Int32) - 1
            let first = row
            var items: [DataItem] = []
            while row < result.rowCount, PGBinary.integer(result.raw(row, 0)) as Int32 == Int32(index + 1) {
                if !result.isNull(row, 10) { items.append(try item(result, row: row)) }
                row += 1
            }
            guard lookups.indices.contains(index), let checksum = SHA256Digest(bytes: result.raw(first, 9)) else {
                throw CairnError(.internalError, "malformed lookup row")
            }
            let blobs = try result.blobReferences(first, uris: 15, sizes: 16, digests: 17)
            found[index] = Artifact(
                id: try result.artifactID(first, 1), dataset: lookups[index].dataset, items: items, blobs: blobs,
                metadata: try result.jsonMap(first, 2), partitions: [:], tags: [], createdAt: result.date(first, 3),
                updatedAt: result.optionalDate(first, 4), expiresAt: result.optionalDate(first, 5),
                lastHitAt: result.optionalDate(first, 6), hitCount: result.int64(first, 7),
                size: result.int64(first, 8),
                checksum: checksum)
        }
        return found.map { .success($0) }
    }

    private static func item(_ result: PGResult, row: Int) throws -> DataItem {
        let name = result.string(row, 10)
        if result.isNull(row, 12) { return try DataItem(name: name, value: .inline(result.bytes(row, 11))) }
        guard let digest = SHA256Digest(bytes: result.raw(row, 14)) else {
            throw CairnError(.internalError, "blob digest of item \(name) is not 32 bytes")
        }
        let reference = try BlobReference(uri: result.string(row, 12), size: result.int64(row, 13), sha256: digest)
        return try DataItem(name: name, value: .blob(reference))
    }

    // MARK: puts

    /// Puts in (dataset, tag) order, ties by arrival, so concurrent batches lock rows in one order.
    static func lockOrder(_ puts: [Put]) -> [Int] {
        puts.indices.sorted { (puts[$0].dataset, puts[$0].tag.value, $0) < (puts[$1].dataset, puts[$1].tag.value, $1) }
    }

    static func putQuery(_ puts: [Put]) -> PGQuery {
        let ordered = lockOrder(puts).map { puts[$0] }
        var bind = PGBind()
        bind.append(keys: ordered.map { ($0.dataset, $0.tag) })
        bind.append(uuidArray: ordered.map(\.artifactID))
        bind.append(intervalArray: ordered.map(\.ttl))
        bind.append(jsonArray: ordered.map(\.content.metadata))
        bind.append(int8Array: ordered.map(\.content.size))
        bind.append(byteaArray: ordered.map(\.content.checksum.bytes))
        bind.append(int8Array: ordered.map(\.fencingToken))
        bind.append(boolArray: ordered.map(\.overwrite))
        var columns = ContentColumns()
        for (position, put) in ordered.enumerated() { columns.add(put.content, owner: Int32(position + 1)) }
        bind.appendItems(columns, owners: true)
        bind.appendBlobs(columns, owners: true)
        bind.append(boolArray: ordered.map(\.sliding))
        var owners: [Int32?] = []
        var names: [String?] = []
        var digests: [[UInt8]?] = []
        var previews: [String?] = []
        for (position, put) in ordered.enumerated() {
            for input in put.inputs {
                owners.append(Int32(position + 1))
                names.append(input.name)
                digests.append(input.digest.bytes)
                previews.append(input.preview)
            }
        }
        bind.append(int4Array: owners)
        bind.append(textArray: names)
        bind.append(byteaArray: digests)
        bind.append(textArray: previews)
        return .prepared(.putMany, bind)
    }

    static func decodePuts(_ result: PGResult, _ puts: [Put]) throws -> [Result<PutResult, CairnError>] {
        let order = lockOrder(puts)
        guard result.rowCount == puts.count else {
            throw CairnError(
                .internalError, "cairn_put_many returned \(result.rowCount) outcomes for \(puts.count) puts")
        }
        var outcomes = [Result<PutResult, CairnError>](
            repeating: .failure(CairnError(.internalError, "no outcome")),
            count: puts.count)
        for row in 0..<result.rowCount {
            let position = Int(PGBinary.integer(result.raw(row, 0)) as Int32) - 1
            guard order.indices.contains(position) else { throw CairnError(.internalError, "bad put ordinal") }
            let put = puts[order[position]]
            let outcome = result.string(row, 1)
            if outcome == "fenced" {
                let current = result.optionalInt64(row, 3).map(String.init) ?? "unknown"
                outcomes[order[position]] = .failure(
                    CairnError(
                        .fencingRejected,
                        "fencing token \(put.fencingToken ?? 0) is stale: tag \(put.tag) of \(put.dataset) is reserved under token \(current)"
                    ))
            } else if let known = PutResult.Outcome(rawValue: outcome) {
                outcomes[order[position]] = .success(
                    PutResult(artifactID: try result.artifactID(row, 2), outcome: known))
            } else {
                throw CairnError(.internalError, "cairn_put_many returned outcome \(outcome)")
            }
        }
        return outcomes
    }
}
