import CairnCore
import CairnProtocol
import Foundation
import NIOCore

/// The cache path: what an engine calls before and after running a task.
extension CairnClient {
    /// `PING`: checks the connection (connecting if needed). Returns `PONG`, or `message` echoed.
    @discardableResult
    public func ping(_ message: String? = nil) async throws -> String {
        String(buffer: try await send(Ping(message: message.map { ByteBuffer(string: $0) })))
    }

    /// `CACHE.GET`: the live artifact the tag points at, or `nil` on a miss (absent or expired).
    public func get(dataset: DatasetID, tag: TagName) async throws -> CachedArtifact? {
        try await send(CacheGet(dataset: dataset, tag: tag))
    }

    /// `CACHE.MGET`: many lookups in one round trip, e.g. a workflow's whole frontier.
    /// - Returns: one entry per key, in order; `nil` for a miss. No request is sent for no keys.
    public func mget(_ keys: [(dataset: DatasetID, tag: TagName)]) async throws -> [CachedArtifact?] {
        guard !keys.isEmpty else { return [] }
        return try await send(CacheMGet(keys: keys.map { CacheGet(dataset: $0.dataset, tag: $0.tag) }))
    }

    /// `CACHE.PUT`: creates an artifact and points the tag at it, atomically.
    /// - Parameters:
    ///   - data: the items; only inline values can be sent (blob objects are declared with `blobs`).
    ///   - ttl: the artifact expires after this long (rounded up to whole seconds, at most 100 years);
    ///     `nil` for never.
    ///   - blobs: blob objects the artifact references, so garbage collection keeps them.
    ///   - fencingToken: the token of the reservation this put completes; an older token than the
    ///     current holder's is rejected with prefix ``CairnClientError/Prefix/fenced``.
    ///   - overwrite: replace a live artifact in place instead of reporting `exists`.
    ///   - sliding: `ttl` counts from the last hit instead of the write (needs a `ttl`).
    ///   - inputs: the digest of each input the result was computed from, kept for `CACHE.EXPLAIN`.
    /// - Returns: the artifact the tag points at now and whether this call created, found or updated it.
    public func put(
        dataset: DatasetID, tag: TagName, data: [DataItem], ttl: Duration? = nil, metadata: [String: String] = [:],
        blobs: [BlobReference] = [], fencingToken: Int64? = nil, overwrite: Bool = false, sliding: Bool = false,
        inputs: [InputDigest] = []
    ) async throws -> PutResult {
        try await send(
            CachePut(
                dataset: dataset, tag: tag, data: data, ttl: ttl, metadata: metadata, blobs: blobs,
                fencingToken: fencingToken, overwrite: overwrite, sliding: sliding, inputs: inputs))
    }

    /// `CACHE.EVICT`: deletes the artifact the tag points at. Returns whether there was one.
    @discardableResult
    public func evict(dataset: DatasetID, tag: TagName) async throws -> Bool {
        try await send(CacheEvict(dataset: dataset, tag: tag))
    }
}
