import CairnCore
import CairnFlyteProtocol
import CairnService
import Foundation
import GRPCCore

/// Get, Put and Delete, for both services once their key is mapped.
extension FlyteCacheHandler {
    /// The entry under `key`. - Throws: `NOT_FOUND` on a miss.
    func get(_ key: FlyteCacheKey) async throws -> Flyteidl2_Cacheservice_GetCacheResponse {
        try await RPCError.mapping {
            guard let reply = try await service.lookup(key.dataset, key.tag, encode: { hit, _ in HotReply(hit: hit) })
            else {
                throw RPCError(code: .notFound, message: "key \(key) is not cached")
            }
            return try Flyteidl2_Cacheservice_GetCacheResponse.with {
                $0.output = try Self.output(of: reply.hit, key: key)
            }
        }
    }

    /// Stores `request`'s output under `key`: a new entry, or over an existing one when the request
    /// says to overwrite, or when that entry is older than `overwrite.max_age`.
    /// - Parameter field: the request field `request` came from, for errors (`base_request.` in v2).
    /// - Throws: `ALREADY_EXISTS` when a live entry is kept; `INVALID_ARGUMENT` without an output.
    func put(_ key: FlyteCacheKey, _ request: Flyteidl2_Cacheservice_PutCacheRequest, field: String = "")
        async throws -> Flyteidl2_Cacheservice_PutCacheResponse
    {
        try await RPCError.mapping {
            let (items, metadata) = try Self.content(of: request.output, field: field + "output")
            // delete_blob asks Flyte's service to delete the old output's files; Cairn does not own
            // the user's bucket, so it is accepted and ignored (docs/flyte.md).
            let overwrite = request.overwrite
            var maxAge: Duration?
            if overwrite.hasMaxAge {
                guard let age = overwrite.maxAge.swiftDuration else {
                    throw RPCError.invalid(field + "overwrite.max_age", "is not a valid duration")
                }
                maxAge = age > .zero ? age : nil
            }
            let result = try await service.put(
                key.dataset, key.tag, data: items, metadata: metadata, overwrite: overwrite.overwrite)
            guard result.outcome == .exists else { return Flyteidl2_Cacheservice_PutCacheResponse() }
            guard let maxAge else {
                throw RPCError(
                    code: .alreadyExists, message: "key \(key) is cached already; set overwrite to replace it")
            }
            guard try await isOlder(key, than: maxAge) else {
                throw RPCError(
                    code: .alreadyExists,
                    message: "key \(key) is cached already and was last written less than max_age \(maxAge) ago")
            }
            _ = try await service.put(key.dataset, key.tag, data: items, metadata: metadata, overwrite: true)
            return Flyteidl2_Cacheservice_PutCacheResponse()
        }
    }

    /// Deletes the entry under `key`. - Throws: `NOT_FOUND` when there is none.
    func delete(_ key: FlyteCacheKey) async throws -> Flyteidl2_Cacheservice_DeleteCacheResponse {
        try await RPCError.mapping {
            guard try await service.evict(key.dataset, key.tag) else {
                throw RPCError(code: .notFound, message: "key \(key) is not cached")
            }
            return Flyteidl2_Cacheservice_DeleteCacheResponse()
        }
    }

    /// Whether the entry under `key` was last written (created or overwritten) more than `age` ago
    /// on this server's clock; true when it is gone by now.
    private func isOlder(_ key: FlyteCacheKey, than age: Duration) async throws -> Bool {
        let artifact: Artifact
        do {
            artifact = try await service.artifact(.tag(key.dataset, key.tag))
        } catch let error as CairnError where error.code == .notFound {
            return true
        }
        let written = artifact.updatedAt ?? artifact.createdAt
        let (seconds, attoseconds) = age.components
        return written < Date().addingTimeInterval(-(Double(seconds) + Double(attoseconds) / 1e18))
    }

    /// The data items and metadata an output is stored as.
    /// - Throws: `INVALID_ARGUMENT` when the output sets neither literals nor a URI, or has a
    ///   `key_map` key Cairn's metadata cannot hold.
    static func content(of output: Flyteidl2_Cacheservice_CachedOutput, field: String) throws -> (
        [DataItem], [String: String]
    ) {
        var items: [DataItem]
        switch output.output {
        case .outputLiterals(let literals)?:
            items = [try .inline(Item.literals, Array(literals))]
        case .outputUri(let uri)?:
            guard !uri.isEmpty else { throw RPCError.invalid(field + ".output_uri", "must not be empty") }
            items = [try .inline(Item.uri, Array(uri.utf8))]
        case nil:
            throw RPCError.invalid(field, "must set output_literals or output_uri")
        }
        let metadata = output.metadata
        if !metadata.sourceIdentifier.isEmpty {
            items.append(try .inline(Item.sourceIdentifier, Array(metadata.sourceIdentifier)))
        }
        let keyMap = metadata.keyMap.values
        for key in keyMap.keys {
            do {
                try Identifier.validateName(
                    key, field: field + ".metadata.key_map key", maxLength: CatalogLimits.maxKeyLength)
            } catch {
                throw RPCError(cairn: error)
            }
        }
        return (items, keyMap)
    }

    /// The output a hit answers with: the stored oneof byte for byte, the key map and the times.
    /// - Throws: `FAILED_PRECONDITION` for an entry that holds neither item inline (written under
    ///   the service's dataset by another front end).
    static func output(of hit: CachedArtifact, key: FlyteCacheKey) throws -> Flyteidl2_Cacheservice_CachedOutput {
        var output = Flyteidl2_Cacheservice_CachedOutput()
        if case .inline(let literals)? = hit[item: Item.literals]?.value {
            output.outputLiterals = Data(literals)
        } else if case .inline(let uri)? = hit[item: Item.uri]?.value {
            output.outputUri = String(decoding: uri, as: UTF8.self)
        } else {
            throw RPCError(
                code: .failedPrecondition,
                message: "key \(key) holds an entry without inline '\(Item.literals)' or '\(Item.uri)' data; "
                    + "it was not written by the cache service")
        }
        var metadata = Flyteidl2_Cacheservice_Metadata()
        if case .inline(let source)? = hit[item: Item.sourceIdentifier]?.value {
            metadata.sourceIdentifier = Data(source)
        }
        if !hit.metadata.isEmpty { metadata.keyMap.values = hit.metadata }
        metadata.createdAt = .init(hit.createdAt)
        metadata.lastUpdatedAt = .init(hit.updatedAt ?? hit.createdAt)
        output.metadata = metadata
        return output
    }
}
