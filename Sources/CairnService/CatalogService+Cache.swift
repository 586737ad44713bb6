import CairnCore

/// The cache path's writes: puts, evictions and reservations, counted, with the hot cache told.
extension CatalogService {
    /// Creates an artifact and points the tag at it atomically (see ``CairnStore/put(_:_:data:ttl:metadata:blobs:fencingToken:overwrite:)``);
    /// a write that changed the tag drops its hot entry.
    public func put(
        _ dataset: DatasetID, _ tag: TagName, data: [DataItem], ttl: Duration? = nil, metadata: [String: String] = [:],
        blobs: [BlobReference] = [], fencingToken: Int64? = nil, overwrite: Bool = false, sliding: Bool = false,
        inputs: [InputDigest] = []
    ) async throws -> PutResult {
        // A sliding entry needs no hot-cache change: a hot hit never serves past the expiry it was
        // loaded with, and the lookup after that reads the expiry the recorded hits have moved.
        let result = try await budget.admitting(Self.size(data, blobs)) {
            try await store.put(
                dataset, tag, data: data, ttl: ttl, metadata: metadata, blobs: blobs, fencingToken: fencingToken,
                overwrite: overwrite, sliding: sliding, inputs: inputs)
        }
        switch result.outcome {
        case .created: stats.increment(.putsCreated)
        case .exists: stats.increment(.putsExisting)
        case .updated: stats.increment(.putsUpdated)
        }
        if result.outcome != .exists { hotCache.invalidate(dataset: dataset, tag: tag) }
        return result
    }

    /// What a write adds to the catalog's size, as `total_size` counts it: inline bytes plus the sizes
    /// of the blobs referenced (each once), saturating (a writer's blob sizes may be anything).
    static func size(_ data: [DataItem], _ blobs: [BlobReference]) -> Int64 {
        var blobSizes = Dictionary(blobs.map { ($0.uri, $0.size) }, uniquingKeysWith: max)
        var total: Int64 = 0
        for item in data {
            switch item.value {
            case .inline(let bytes): total = total.addingSaturating(Int64(bytes.count))
            case .blob(let reference): blobSizes[reference.uri] = reference.size
            case .omitted(let size): total = total.addingSaturating(size)
            }
        }
        return blobSizes.values.reduce(total) { $0.addingSaturating($1) }
    }

    /// Deletes the artifact the tag points at; whether there was one.
    public func evict(_ dataset: DatasetID, _ tag: TagName) async throws -> Bool {
        // Invalidate on both sides of the delete: nothing inserted in between survives it.
        hotCache.invalidate(dataset: dataset, tag: tag)
        let evicted = try await store.evict(dataset, tag)
        hotCache.invalidate(dataset: dataset, tag: tag)
        if evicted { stats.increment(.evictions) }
        return evicted
    }

    /// Get-or-extend a reservation (see ``CairnStore/reserve(_:_:owner:lease:checksCache:)``).
    public func reserve(
        _ dataset: DatasetID, _ tag: TagName, owner: String, lease: Duration?, checksCache: Bool = true
    ) async throws -> ReservationOutcome {
        let outcome = try await store.reserve(dataset, tag, owner: owner, lease: lease, checksCache: checksCache)
        switch outcome {
        case .acquired: stats.increment(.reservationsAcquired)
        case .held: stats.increment(.reservationsHeld)
        case .cached: stats.increment(.reservationsCached)
        }
        return outcome
    }

    /// Releases `owner`'s reservation; whether it held it.
    public func release(_ dataset: DatasetID, _ tag: TagName, owner: String) async throws -> Bool {
        let released = try await store.release(dataset, tag, owner: owner)
        if released { stats.increment(.releases) }
        return released
    }
}
