import CairnCore
import CairnProtocol
import CairnStore
import NIOCore

extension CommandExecutor {
    /// Runs a command that needs the store, off the event loop, and encodes its reply.
    func runStoreCommand(_ command: Command, version: RESPVersion) async throws -> ByteBuffer {
        switch command {
        case .cacheGet(let get):
            return try await lookup(get.dataset, get.tag, version: version)
        case .cacheMGet(let mget):
            // Each part is a CACHE.GET reply, from the hot cache's bytes or the store: the array is
            // framed here rather than through CacheMGet.encodeReply(_:), so hot parts are not re-encoded.
            let parts = try await withThrowingTaskGroup(of: (Int, ByteBuffer).self) { group in
                for (index, key) in mget.keys.enumerated() {
                    group.addTask { (index, try await lookup(key.dataset, key.tag, version: version)) }
                }
                var parts = [ByteBuffer](repeating: ByteBuffer(), count: mget.keys.count)
                for try await (index, part) in group { parts[index] = part }
                return parts
            }
            var buffer = ByteBuffer()
            buffer.writeString("*\(parts.count)\r\n")
            for var part in parts { buffer.writeBuffer(&part) }
            return buffer
        case .cachePut(let put):
            let result = try await store.put(
                put.dataset, put.tag, data: put.data, ttl: put.ttl, metadata: put.metadata, blobs: put.blobs,
                fencingToken: put.fencingToken, overwrite: put.overwrite)
            switch result.outcome {
            case .created: stats.increment(.putsCreated)
            case .exists: stats.increment(.putsExisting)
            case .updated: stats.increment(.putsUpdated)
            }
            if result.outcome != .exists { hotCache.invalidate(dataset: put.dataset, tag: put.tag) }
            return put.encodeReply(result).encoded(version: version)
        case .cacheEvict(let evict):
            // Invalidate on both sides of the delete: nothing inserted in between survives it.
            hotCache.invalidate(dataset: evict.dataset, tag: evict.tag)
            let evicted = try await store.evict(evict.dataset, evict.tag)
            hotCache.invalidate(dataset: evict.dataset, tag: evict.tag)
            if evicted { stats.increment(.evictions) }
            return evict.encodeReply(evicted).encoded(version: version)
        case .cacheReserve(let reserve):
            let outcome = try await store.reserve(
                reserve.dataset, reserve.tag, owner: reserve.owner, lease: reserve.lease)
            switch outcome {
            case .acquired: stats.increment(.reservationsAcquired)
            case .held: stats.increment(.reservationsHeld)
            case .cached: stats.increment(.reservationsCached)
            }
            return reserve.encodeReply(outcome).encoded(version: version)
        case .cacheRelease(let release):
            let released = try await store.release(release.dataset, release.tag, owner: release.owner)
            if released { stats.increment(.releases) }
            return release.encodeReply(released).encoded(version: version)
        case .catalog(let catalog):
            return try await runCatalog(catalog).encoded(version: version)
        case .adminPurge(let purge):
            return try await runPurge(purge).encoded(version: version)
        case .info(let info):
            // Off the event loop: it reads /proc for the resident size (procfs, no disk).
            let text = InfoReply(state: serverInfo(), stats: stats, hotCache: hotCache, store: store).text(
                info.sections)
            return info.encodeReply(text).encoded(version: version)
        default:
            throw CommandError("'\(command)' is not a store command")
        }
    }

    /// One `CACHE.GET`: the hot cache, then the store (filling the hot cache on a hit).
    func lookup(_ dataset: DatasetID, _ tag: TagName, version: RESPVersion) async throws -> ByteBuffer {
        if let hit = hotLookup(dataset, tag, version: version) { return hit }
        let ticket = hotCache.ticket(for: dataset, tag: tag)
        let artifact = try await store.get(dataset, tag)
        return await withCheckedContinuation { continuation in
            reply(to: artifact, dataset, tag, ticket: ticket, version: version) { continuation.resume(returning: $0) }
        }
    }

    /// ``lookup(_:_:version:)`` without a task, for a request whose hot-cache probe already missed:
    /// `done` gets the reply (or the error reply) on the store's worker thread, or the blob checker's.
    func storeLookup(
        _ dataset: DatasetID, _ tag: TagName, version: RESPVersion, done: @escaping @Sendable (ByteBuffer) -> Void
    ) {
        let ticket = hotCache.ticket(for: dataset, tag: tag)
        store.get(dataset, tag) { [self] result in
            switch result {
            case .success(let artifact): reply(to: artifact, dataset, tag, ticket: ticket, version: version, done: done)
            case .failure(let error): done(errorReply(error, version))
            }
        }
    }

    private func hotLookup(_ dataset: DatasetID, _ tag: TagName, version: RESPVersion) -> ByteBuffer? {
        guard hotCache.isEnabled,
            let hit = hotCache.lookup(
                dataset: ByteBuffer(string: dataset.description), tag: ByteBuffer(string: tag.description))
        else { return nil }
        stats.increment(.hotHits)
        return hit.bytes(for: version)
    }

    /// Counts a store lookup's outcome, fills the hot cache on a hit, and encodes the reply.
    func storeReply(
        _ artifact: Artifact?, _ dataset: DatasetID, _ tag: TagName, ticket: HotCache.Ticket, version: RESPVersion
    ) -> ByteBuffer {
        guard let artifact else {
            stats.increment(.misses)
            return RESPValue.null.encoded(version: version)
        }
        stats.increment(.storeHits)
        let value = CacheGet(dataset: dataset, tag: tag).encodeReply(CachedArtifact(artifact))
        guard hotCache.isEnabled else { return value.encoded(version: version) }
        let resp2 = value.encoded(version: .resp2)
        let resp3 = artifact.expiresAt == nil ? value.encoded(version: .resp3) : resp2
        let reply = HotReply(artifactID: artifact.id, expiresAt: artifact.expiresAt, resp2: resp2, resp3: resp3)
        hotCache.insert(reply, dataset: dataset, tag: tag, ticket: ticket)
        return reply.bytes(for: version)
    }
}
