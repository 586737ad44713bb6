import CairnCore
import CairnFlyteProtocol
import CairnService
import Foundation
import GRPCCore

extension DataCatalogHandler {
    /// Stores an artifact under the client's id. Its tags are not created here: Flyte's datacatalog
    /// ignores them too, and propeller adds the tag with AddTag.
    func createArtifact(_ request: Datacatalog_CreateArtifactRequest) async throws
        -> Datacatalog_CreateArtifactResponse
    {
        guard request.hasArtifact else { throw RPCError.invalid("artifact", "is required") }
        let artifact = request.artifact
        let dataset = try artifact.dataset.cairnID(field: "artifact.dataset")
        guard !artifact.id.isEmpty else { throw RPCError.invalid("artifact.id", "is required") }
        let id = try ArtifactID(parsing: artifact.id)
        let new = NewArtifact(
            id: id, dataset: dataset, items: try Self.items(artifact.data, field: "artifact.data"),
            metadata: artifact.metadata.keyMap, partitions: try Self.partitions(artifact.partitions))
        _ = try await service.createArtifact(new)
        return Datacatalog_CreateArtifactResponse()
    }

    /// One artifact, by tag (the cache path: a hit is live and its blobs exist) or by id.
    /// `NOT_FOUND` for an unknown dataset, tag or id, and for an expired artifact.
    func getArtifact(_ request: Datacatalog_GetArtifactRequest) async throws -> Datacatalog_GetArtifactResponse {
        let datasetID = try request.dataset.cairnID()
        var response = Datacatalog_GetArtifactResponse()
        switch request.queryHandle {
        case .tagName(let name)?:
            let tag = try TagName(name)
            let dataset = try await service.dataset(datasetID)
            if dataset.partitionKeys.isEmpty {
                // The hot cache, else one statement; the reply carries the tag asked for.
                let hit = try await service.lookup(datasetID, tag) { hit, _ in HotReply(hit: hit) }
                guard let hit else { throw Self.notFound(tag: tag, datasetID) }
                response.artifact = try Datacatalog_Artifact(hit.hit, dataset: datasetID, tags: [tag])
            } else {
                // Partitions are not part of a cache hit: the full read has them.
                let artifact = try await service.artifact(.tag(datasetID, tag))
                guard !artifact.isExpired() else { throw Self.notFound(tag: tag, datasetID) }
                response.artifact = try Datacatalog_Artifact(artifact)
            }
        case .artifactID(let text)?:
            let artifact = try await service.artifact(.id(try ArtifactID(parsing: text)))
            guard artifact.dataset == datasetID, !artifact.isExpired() else {
                throw RPCError(code: .notFound, message: "artifact \(text) not found in dataset \(datasetID)")
            }
            response.artifact = try Datacatalog_Artifact(artifact)
        case nil:
            throw RPCError.invalid("query_handle", "give an artifact_id or a tag_name")
        }
        return response
    }

    /// Points a tag at an artifact; `ALREADY_EXISTS` when the tag exists (it never moves).
    func addTag(_ request: Datacatalog_AddTagRequest) async throws -> Datacatalog_AddTagResponse {
        guard request.hasTag else { throw RPCError.invalid("tag", "is required") }
        let dataset = try request.tag.dataset.cairnID(field: "tag.dataset")
        let tag = try TagName(request.tag.name)
        guard !request.tag.artifactID.isEmpty else { throw RPCError.invalid("tag.artifact_id", "is required") }
        let artifact = try ArtifactID(parsing: request.tag.artifactID)
        switch try await service.addTag(dataset, tag, artifact: artifact, overwrite: false) {
        case .created: return Datacatalog_AddTagResponse()
        case .unchanged, .kept, .moved:
            throw RPCError(code: .alreadyExists, message: "tag \(tag) already exists in dataset \(dataset)")
        }
    }

    /// Replaces an artifact's data (names not sent are removed) and metadata; its expiry stays.
    func updateArtifact(_ request: Datacatalog_UpdateArtifactRequest) async throws
        -> Datacatalog_UpdateArtifactResponse
    {
        let dataset = try request.dataset.cairnID()
        let items = try Self.items(request.data, field: "data")
        let reference: ArtifactReference
        switch request.queryHandle {
        case .tagName(let name)?:
            reference = .tag(dataset, try TagName(name))
        case .artifactID(let text)?:
            let id = try ArtifactID(parsing: text)
            // An id names an artifact of any dataset: check it is this one's before changing it.
            guard try await service.artifact(.id(id)).dataset == dataset else {
                throw RPCError(code: .notFound, message: "artifact \(text) not found in dataset \(dataset)")
            }
            reference = .id(id)
        case nil:
            throw RPCError.invalid("query_handle", "give an artifact_id or a tag_name")
        }
        let updated = try await service.updateArtifact(reference, data: items, metadata: request.metadata.keyMap)
        var response = Datacatalog_UpdateArtifactResponse()
        response.artifactID = updated.id.description
        return response
    }

    static func notFound(tag: TagName, _ dataset: DatasetID) -> RPCError {
        RPCError(code: .notFound, message: "no artifact for tag \(tag) in dataset \(dataset)")
    }

    /// The data items of a request: at least one, names unique and valid, values stored as sent.
    static func items(_ data: [Datacatalog_ArtifactData], field: String) throws -> [DataItem] {
        guard !data.isEmpty else { throw RPCError.invalid(field, "an artifact must have data") }
        var seen = Set<String>()
        return try data.map { item in
            guard seen.insert(item.name).inserted else {
                throw RPCError.invalid(field, "data item \"\(item.name.prefix(64))\" is given twice")
            }
            return try DataItem.inline(item.name, Array(item.value))
        }
    }

    /// A request's partitions as a map; a key given twice is refused.
    static func partitions(_ partitions: [Datacatalog_Partition]) throws -> [String: String] {
        var map: [String: String] = [:]
        for partition in partitions {
            guard map.updateValue(partition.value, forKey: partition.key) == nil else {
                throw RPCError.invalid("artifact.partitions", "key \"\(partition.key.prefix(64))\" is given twice")
            }
        }
        return map
    }
}

extension Datacatalog_Artifact {
    /// Flyte's form of a stored artifact, with its partitions and tags.
    init(_ artifact: Artifact) throws {
        self.init()
        id = artifact.id.description
        dataset = Datacatalog_DatasetID(artifact.dataset)
        data = try artifact.items.map(Datacatalog_ArtifactData.init)
        metadata.keyMap = artifact.metadata
        partitions = artifact.partitions.sorted { $0.key < $1.key }.map { key, value in
            var partition = Datacatalog_Partition()
            (partition.key, partition.value) = (key, value)
            return partition
        }
        tags = artifact.tags.map { Datacatalog_Tag(name: $0, artifact: artifact.id, dataset: artifact.dataset) }
        createdAt = .init(artifact.createdAt)
    }

    /// Flyte's form of a cache hit, answering a lookup by `tags`.
    init(_ hit: CachedArtifact, dataset datasetID: DatasetID, tags lookedUp: [TagName]) throws {
        self.init()
        id = hit.id.description
        dataset = Datacatalog_DatasetID(datasetID)
        data = try hit.items.map(Datacatalog_ArtifactData.init)
        metadata.keyMap = hit.metadata
        tags = lookedUp.map { Datacatalog_Tag(name: $0.value, artifact: hit.id, dataset: datasetID) }
        createdAt = .init(hit.createdAt)
    }
}

extension Datacatalog_ArtifactData {
    /// An item as Flyte data: inline bytes only. Blob-stored items (Cairn's engine offloads large
    /// values) have no Literal bytes here to give: `FAILED_PRECONDITION` names the item.
    init(_ item: DataItem) throws {
        self.init()
        name = item.name
        switch item.value {
        case .inline(let bytes): value = Data(bytes)
        case .blob(let reference):
            throw RPCError(
                code: .failedPrecondition,
                message: "data item \(item.name) is stored as blob \(reference.uri); read it with CACHE.GET")
        case .omitted:
            throw RPCError(code: .internalError, message: "data item \(item.name) was read without its value")
        }
    }
}

extension Datacatalog_Tag {
    init(name: String, artifact: ArtifactID, dataset: DatasetID) {
        self.init()
        self.name = name
        artifactID = artifact.description
        self.dataset = Datacatalog_DatasetID(dataset)
    }
}
