import CairnCore
import NIOCore

extension CatalogService {
    /// Encodes a hit as the front end answers it. `forCache` is true when the reply will be kept
    /// in the hot cache and must carry every encoding the front end serves; false when it is
    /// answered once (the hot cache is off), so one encoding is enough.
    public typealias HitEncoder = @Sendable (_ hit: CachedArtifact, _ forCache: Bool) -> HotReply

    /// The hot cache's reply for a key given as the bytes a client sent, counting the hit; `nil`
    /// when it is not there (or the cache is off). Only validated keys are ever inserted, so bytes
    /// that are no valid key simply miss.
    public func hotLookup(dataset: ByteBuffer, tag: ByteBuffer) -> HotReply? {
        guard hotCache.isEnabled, let hit = hotCache.lookup(dataset: dataset, tag: tag) else { return nil }
        stats.increment(.hotHits)
        return hit
    }

    /// A cache lookup: the hot cache, then the store. `nil` is a miss (absent or expired, or a blob
    /// it references is gone).
    public func lookup(_ dataset: DatasetID, _ tag: TagName, encode: @escaping HitEncoder) async throws -> HotReply? {
        if let hit = hotLookup(dataset: ByteBuffer(string: dataset.description), tag: ByteBuffer(string: tag.value)) {
            return hit
        }
        return try await withCheckedThrowingContinuation { continuation in
            storeLookup(dataset, tag, encode: encode) { continuation.resume(with: $0) }
        }
    }

    /// The store part of a lookup, for a key whose hot probe missed, without a task: `completion`
    /// runs once, on the store's worker thread or the blob checker's, and must not block. A hit is
    /// counted, checked (blobs), encoded and inserted in the hot cache under the ticket taken
    /// before the read, so an invalidation in between drops the insert.
    public func storeLookup(
        _ dataset: DatasetID, _ tag: TagName, encode: @escaping HitEncoder,
        completion: @escaping @Sendable (Result<HotReply?, Error>) -> Void
    ) {
        let ticket = hotCache.ticket(for: dataset, tag: tag)
        store.get(dataset, tag) { [self] result in
            switch result {
            case .failure(let error): completion(.failure(error))
            case .success(nil):
                stats.increment(.misses)
                completion(.success(nil))
            case .success(let artifact?):
                checked(artifact) { [self] present in
                    guard present else { return completion(.success(nil)) }
                    completion(.success(hit(artifact, dataset, tag, ticket: ticket, encode: encode)))
                }
            }
        }
    }

    /// Counts a store hit, encodes it and fills the hot cache.
    private func hit(
        _ artifact: Artifact, _ dataset: DatasetID, _ tag: TagName, ticket: HotCache.Ticket, encode: HitEncoder
    ) -> HotReply {
        stats.increment(.storeHits)
        let reply = encode(CachedArtifact(artifact), hotCache.isEnabled)
        if hotCache.isEnabled { hotCache.insert(reply, dataset: dataset, tag: tag, ticket: ticket) }
        return reply
    }

    /// Whether every object of the checked blob store that `artifact` references exists (at once
    /// when there is nothing to check, else from the checker's thread). A hit with an object gone
    /// is counted as a miss, leaves the hot cache, and its artifact is queued for deletion.
    private func checked(_ artifact: Artifact, completion: @escaping @Sendable (Bool) -> Void) {
        guard let blobChecker else { return completion(true) }
        let owned = blobChecker.owned(artifact)
        guard !owned.isEmpty else { return completion(true) }
        blobChecker.firstMissing(owned) { [self] missing in
            guard let missing else { return completion(true) }
            stats.increment(.blobMissing)
            stats.increment(.misses)
            // A concurrent lookup may have cached it while the object was still there.
            hotCache.invalidate(artifact: artifact.id)
            blobChecker.demote(artifact, missing: missing)
            completion(false)
        }
    }
}
