import CairnCore
import CairnProtocol
import CairnService
import NIOCore

extension CommandExecutor {
    /// Runs a command that needs the catalog, off the event loop, and encodes its reply.
    /// (`CACHE.GET` and `CACHE.MGET` take the callback path instead: ``CommandExecutor/start(_:spec:session:)``.)
    func runStoreCommand(_ command: Command, version: RESPVersion) async throws -> ByteBuffer {
        switch command {
        case .cachePut(let put):
            let result = try await service.put(
                put.dataset, put.tag, data: put.data, ttl: put.ttl, metadata: put.metadata, blobs: put.blobs,
                fencingToken: put.fencingToken, overwrite: put.overwrite, sliding: put.sliding, inputs: put.inputs)
            return put.encodeReply(result).encoded(version: version)
        case .cacheEvict(let evict):
            return evict.encodeReply(try await service.evict(evict.dataset, evict.tag)).encoded(version: version)
        case .cacheReserve(let reserve):
            let outcome = try await service.reserve(
                reserve.dataset, reserve.tag, owner: reserve.owner, lease: reserve.lease)
            return reserve.encodeReply(outcome).encoded(version: version)
        case .cacheRelease(let release):
            let released = try await service.release(release.dataset, release.tag, owner: release.owner)
            return release.encodeReply(released).encoded(version: version)
        case .cacheExplain(let explain):
            let explanation = try await service.explain(explain.dataset, explain.tag, inputs: explain.inputs)
            return explain.encodeReply(explanation).encoded(version: version)
        case .catalog(let catalog):
            return try await runCatalog(catalog).encoded(version: version)
        case .adminPurge(let purge):
            let summary = try await service.purge(purge.selection, dryRun: purge.dryRun, batchSize: purge.batchSize)
            return purge.encodeReply(summary).encoded(version: version)
        case .info(let info):
            // Off the event loop: it reads /proc for the resident size (procfs, no disk).
            let text = InfoReply(state: serverInfo(), service: service).text(info.sections)
            return info.encodeReply(text).encoded(version: version)
        default:
            throw CommandError("'\(command)' is not a store command")
        }
    }

    /// How a `CACHE.GET` hit is written for the hot cache: both dialects when it is kept (they
    /// differ only in how the null `expires` is written), the connection's own otherwise.
    static func encoder(_ get: CacheGet, _ version: RESPVersion) -> CatalogService.HitEncoder {
        { hit, forCache in
            let value = get.encodeReply(hit)
            guard forCache else {
                let bytes = value.encoded(version: version)
                return HotReply(hit: hit, resp2: bytes, resp3: bytes)
            }
            let resp2 = value.encoded(version: .resp2)
            let resp3 = hit.expiresAt == nil ? value.encoded(version: .resp3) : resp2
            return HotReply(hit: hit, resp2: resp2, resp3: resp3)
        }
    }

    /// A lookup's outcome as the connection's reply: the hit's bytes, null for a miss, the error's reply.
    func reply(_ result: Result<HotReply?, Error>, _ version: RESPVersion) -> ByteBuffer {
        switch result {
        case .success(let hit?): hit.bytes(for: version)
        case .success(nil): RESPValue.null.encoded(version: version)
        case .failure(let error): errorReply(error, version)
        }
    }
}

extension HotReply {
    /// The bytes of this reply in `version`: the kept encoding, or one made now when another front
    /// end's lookup filled the entry.
    func bytes(for version: RESPVersion) -> ByteBuffer {
        if let bytes = version == .resp2 ? resp2 : resp3 { return bytes }
        return ArtifactWire.cacheHit(hit).encoded(version: version)
    }
}
