import CairnCore
import CairnProtocol
import CairnStore

extension CommandExecutor {
    /// Runs a catalog command: one store call, its result written by the command's definition, and
    /// the hot cache told about anything it changed. Store errors propagate and become their reply
    /// prefix in ``CommandExecutor/start(_:spec:session:)``.
    func runCatalog(_ command: CatalogCommand) async throws -> RESPValue {
        switch command {
        case .datasetCreate(let create):
            let (dataset, outcome) = try await store.createDataset(
                create.dataset, metadata: create.metadata, partitionKeys: create.partitionKeys)
            return create.encodeReply(.init(dataset: dataset.id, outcome: outcome))
        case .datasetGet(let get):
            return get.encodeReply(try await store.dataset(get.dataset))
        case .datasetList(let list):
            return list.encodeReply(try await store.listDatasets(list.filter, page: list.page))
        case .artifactCreate(let create):
            let artifact = try await store.createArtifact(create.artifact)
            for tag in create.artifact.tags { hotCache.invalidate(dataset: create.artifact.dataset, tag: tag) }
            return create.encodeReply(artifact)
        case .artifactGet(let get):
            return get.encodeReply(try await store.artifact(get.reference))
        case .artifactList(let list):
            return list.encodeReply(try await store.listArtifacts(list.dataset, filter: list.filter, page: list.page))
        case .artifactUpdate(let update):
            let artifact = try await store.updateArtifact(
                update.reference, data: update.data, metadata: update.metadata, blobs: update.blobs,
                expiry: update.expiry)
            hotCache.invalidate(artifact: artifact.id)
            return update.encodeReply(artifact)
        case .artifactDelete(let delete):
            // Invalidate on both sides of the delete: nothing inserted in between survives it.
            hotCache.invalidate(artifact: delete.id)
            let deleted = try await store.deleteArtifact(delete.id)
            hotCache.invalidate(artifact: delete.id)
            return delete.encodeReply(deleted)
        case .tagAdd(let add):
            let outcome = try await store.addTag(add.dataset, add.tag, artifact: add.artifact, overwrite: add.overwrite)
            hotCache.invalidate(dataset: add.dataset, tag: add.tag)
            return add.encodeReply(outcome)
        }
    }
}
