import CairnCore
import Foundation

extension CairnStore {
    /// The cache lookup: the live artifact `tag` points at in `dataset`, or `nil` (absent or
    /// expired). One statement, index probes only. A hit is recorded for `last_hit_at` in memory
    /// and written with the next flush.
    public func get(_ dataset: DatasetID, _ tag: TagName) async throws -> Artifact? {
        var bind = PGBind()
        bind.append(dataset)
        bind.append(tag.value)
        let artifact = try await pool.run(.prepared(.cacheGet, bind)) { result in
            result.rowCount == 0 ? nil : try ArtifactRow.decode(result, row: 0)
        }
        if let artifact { hits.record(artifact.id) }
        return artifact
    }

    /// The cache write: creates the dataset if needed, an artifact with `data` and the tag, in one
    /// transaction. Concurrent puts of one tag leave exactly one artifact and all learn which.
    ///
    /// - Parameters:
    ///   - ttl: time to live; `nil` never expires.
    ///   - blobs: blob objects the data references (offloaded literals), kept for purge.
    ///   - fencingToken: the token of the caller's reservation; rejected if the tag is now
    ///     reserved under another token.
    ///   - overwrite: replace the content of the tag's artifact in place (same id) if there is one.
    /// - Returns: the winning artifact and whether this call created it, found it or updated it.
    /// - Throws: ``CairnError/Code/fencingRejected``, ``CairnError/Code/invalidArgument``,
    ///   ``CairnError/Code/limitExceeded``, ``CairnError/Code/unavailable``.
    public func put(
        _ dataset: DatasetID, _ tag: TagName, data: [DataItem], ttl: Duration? = nil,
        metadata: [String: String] = [:], blobs: [BlobReference] = [], fencingToken: Int64? = nil,
        overwrite: Bool = false
    ) async throws -> PutResult {
        let content = try ArtifactContent(items: data, declaredBlobs: blobs, metadata: metadata,
                                          limits: configuration.limits)
        let expiresAt = try ttl.map { Date().addingTimeInterval(try $0.validatedTTL().timeInterval) }
        var bind = PGBind()
        bind.append(dataset)
        bind.append(tag.value)
        bind.append(ArtifactID.random())
        bind.append(expiresAt)
        bind.append(json: content.metadata)
        bind.append(content)
        bind.append(fencingToken)
        bind.append(overwrite)
        // Puts report every expected outcome as a row, so they can share a commit (group commit).
        return try await pool.run(.prepared(.put, bind), groupCommit: true,
                                  lockKey: "\(dataset)\u{0}\(tag.value)") { result in
            guard result.rowCount == 1 else { throw CairnError(.internalError, "cairn_put returned no outcome") }
            switch result.string(0, 0) {
            case "fenced":
                let current = result.optionalInt64(0, 2).map(String.init) ?? "unknown"
                throw CairnError(.fencingRejected,
                                 "fencing token \(fencingToken ?? 0) is stale: tag \(tag) of \(dataset) is reserved under token \(current)")
            case let outcome:
                guard let outcome = PutResult.Outcome(rawValue: outcome) else {
                    throw CairnError(.internalError, "cairn_put returned outcome \(outcome)")
                }
                return PutResult(artifactID: try result.artifactID(0, 1), outcome: outcome)
            }
        }
    }

    /// Evicts the artifact `tag` points at (with all its tags), so the next lookup misses.
    /// - Returns: whether there was one.
    public func evict(_ dataset: DatasetID, _ tag: TagName) async throws -> Bool {
        var bind = PGBind()
        bind.append(dataset)
        bind.append(tag.value)
        return try await pool.run(.prepared(.evict, bind)) { $0.rowCount == 1 && $0.bool(0, 0) }
    }
}
