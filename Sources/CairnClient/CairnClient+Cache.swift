import CairnCore
import CairnProtocol
import Foundation
import NIOCore

/// The cache path: what an engine calls before and after running a task.
extension CairnClient {
    /// `PING`: checks the connection (connecting if needed). Returns `PONG`, or `message` echoed.
    @discardableResult
    public func ping(_ message: String? = nil) async throws -> String {
        try await send(["PING"] + (message.map { [$0] } ?? [])).string("PING reply")
    }

    /// `CACHE.GET`: the live artifact the tag points at, or `nil` on a miss (absent or expired).
    public func get(dataset: DatasetID, tag: TagName) async throws -> CachedArtifact? {
        let reply = try await send(["CACHE.GET", dataset.description, tag.value])
        return reply.isNull ? nil : try CachedArtifact(reply: reply)
    }

    /// `CACHE.MGET`: many lookups in one round trip, e.g. a workflow's whole frontier.
    /// - Returns: one entry per key, in order; `nil` for a miss. No request is sent for no keys.
    public func mget(_ keys: [(dataset: DatasetID, tag: TagName)]) async throws -> [CachedArtifact?] {
        guard !keys.isEmpty else { return [] }
        let reply = try await send(["CACHE.MGET"] + keys.flatMap { [$0.dataset.description, $0.tag.value] })
        let entries = try reply.array("CACHE.MGET reply")
        guard entries.count == keys.count else {
            throw reply.unexpected("CACHE.MGET reply", "\(keys.count) entries")
        }
        return try entries.map { $0.isNull ? nil : try CachedArtifact(reply: $0) }
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
    /// - Returns: the artifact the tag points at now and whether this call created, found or updated it.
    public func put(
        dataset: DatasetID, tag: TagName, data: [DataItem], ttl: Duration? = nil, metadata: [String: String] = [:],
        blobs: [BlobReference] = [], fencingToken: Int64? = nil, overwrite: Bool = false
    ) async throws -> PutResult {
        var arguments = [
            ByteBuffer(string: "CACHE.PUT"), ByteBuffer(string: dataset.description), ByteBuffer(string: tag.value),
        ]
        if let ttl {
            let valid = try ttl.validatedTTL()
            // Whole seconds, rounded up; validatedTTL bounds it, so this cannot overflow.
            let seconds = valid.components.seconds + (valid.components.attoseconds > 0 ? 1 : 0)
            arguments += ["TTL", String(seconds)].map { ByteBuffer(string: $0) }
        }
        for key in metadata.keys.sorted() { arguments += ["META", key, metadata[key]!].map { ByteBuffer(string: $0) } }
        for blob in blobs {
            arguments += ["BLOB", blob.uri, String(blob.size), blob.sha256.hex].map { ByteBuffer(string: $0) }
        }
        if let fencingToken { arguments += ["FENCE", String(fencingToken)].map { ByteBuffer(string: $0) } }
        if overwrite { arguments.append(ByteBuffer(string: "OVERWRITE")) }
        guard !data.isEmpty else { throw CairnError.invalid("data", "a put needs at least one item") }
        arguments.append(ByteBuffer(string: "DATA"))
        for item in data {
            guard case .inline(let bytes) = item.value else {
                throw CairnError.invalid(
                    "data item \(item.name)", "only inline values can be put; declare blobs instead")
            }
            arguments += [ByteBuffer(string: item.name), ByteBuffer(bytes: bytes)]
        }
        let reply = try await send(arguments)
        let fields = try reply.array("CACHE.PUT reply")
        guard fields.count == 2 else { throw reply.unexpected("CACHE.PUT reply", "[id, outcome]") }
        let id = try fields[0].string("id")
        let outcome = try fields[1].string("outcome")
        guard let parsed = PutResult.Outcome(rawValue: outcome) else {
            throw fields[1].unexpected("outcome", "created, exists or updated")
        }
        return PutResult(
            artifactID: try CairnClientError.decoding("id") { try ArtifactID(parsing: id) }, outcome: parsed)
    }

    /// `CACHE.EVICT`: deletes the artifact the tag points at. Returns whether there was one.
    @discardableResult
    public func evict(dataset: DatasetID, tag: TagName) async throws -> Bool {
        try await send(["CACHE.EVICT", dataset.description, tag.value]).integer("CACHE.EVICT reply") == 1
    }
}
