import CairnCore
import Foundation

extension CairnStore {
    /// The cache lookup: the live artifact `tag` points at in `dataset`, or `nil` (absent or
    /// expired). Index probes only; concurrent lookups share one statement. A hit is recorded for
    /// `last_hit_at` in memory and written with the next flush. Tags and partitions are not read
    /// (use ``artifact(_:)`` for those).
    public func get(_ dataset: DatasetID, _ tag: TagName) async throws -> Artifact? {
        let artifact = try await lookups.submit(CacheBatches.Lookup(dataset: dataset, tag: tag))
        if let artifact { hits.record(artifact.id) }
        return artifact
    }

    /// ``get(_:_:)`` without a task, for callers on an event loop: `completion` runs once, on the
    /// store's worker thread, and must not block.
    public func get(
        _ dataset: DatasetID, _ tag: TagName, completion: @escaping @Sendable (Result<Artifact?, Error>) -> Void
    ) {
        let hits = self.hits
        lookups.submit(CacheBatches.Lookup(dataset: dataset, tag: tag)) { result in
            if case .success(let artifact?) = result { hits.record(artifact.id) }
            completion(result)
        }
    }

    /// Records hits served from elsewhere (the server's hot cache), so `last_hit_at` and
    /// `hit_count` stay true for least-recently-hit purges. Written with the next flush.
    public func recordHits(_ entries: [(id: ArtifactID, lastHit: Date, count: Int64)]) {
        hits.restore(entries)
    }

    /// The cache write: creates the dataset if needed, an artifact with `data` and the tag, in one
    /// transaction. Concurrent puts of one tag leave exactly one artifact and all learn which.
    ///
    /// - Parameters:
    ///   - ttl: time to live, counted from the commit on PostgreSQL's clock; `nil` never expires (with
    ///     `overwrite` replacing a live artifact, `nil` keeps its expiry, as ``updateArtifact(_:data:metadata:blobs:expiry:)`` does).
    ///   - blobs: blob objects the data references (offloaded literals), kept for purge.
    ///   - fencingToken: the token of the caller's reservation; rejected if the tag is now
    ///     reserved under another token.
    ///   - overwrite: replace the content of the tag's artifact in place (same id) if there is one.
    ///   - sliding: the TTL counts from the last hit instead: each recorded hit (written by
    ///     ``flushHits()``) moves the expiry to the hit plus `ttl`. Needs a `ttl`.
    ///   - inputs: the digest of each input the result was computed from (`artifact_inputs`), which
    ///     ``explain(_:_:inputs:)`` compares a later miss with.
    /// - Returns: the winning artifact and whether this call created it, found it or updated it.
    /// - Throws: ``CairnError/Code/fencingRejected``, ``CairnError/Code/invalidArgument``,
    ///   ``CairnError/Code/limitExceeded``, ``CairnError/Code/unavailable``.
    public func put(
        _ dataset: DatasetID, _ tag: TagName, data: [DataItem], ttl: Duration? = nil,
        metadata: [String: String] = [:], blobs: [BlobReference] = [], fencingToken: Int64? = nil,
        overwrite: Bool = false, sliding: Bool = false, inputs: [InputDigest] = []
    ) async throws -> PutResult {
        try InputDigest.validate(inputs)
        let content = try ArtifactContent(
            items: data, declaredBlobs: blobs, metadata: metadata,
            limits: configuration.limits)
        let ttl = try ttl.map { try $0.validatedTTL() }
        if sliding && ttl == nil { throw CairnError.invalid("sliding", "needs a ttl to count from the last hit") }
        // Concurrent puts are merged into one statement and one commit (group commit).
        return try await puts.submit(
            CacheBatches.Put(
                dataset: dataset, tag: tag, artifactID: .random(), ttl: ttl, content: content,
                fencingToken: fencingToken, overwrite: overwrite, sliding: sliding, inputs: inputs))
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
