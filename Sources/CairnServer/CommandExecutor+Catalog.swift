import CairnCore
import CairnProtocol
import CairnService

extension CommandExecutor {
    /// Runs a catalog command: one service call, its result written by the command's definition.
    /// Errors propagate and become their reply prefix in ``CommandExecutor/start(_:spec:session:)``.
    func runCatalog(_ command: CatalogCommand) async throws -> RESPValue {
        switch command {
        case .datasetCreate(let create):
            let (dataset, outcome) = try await service.createDataset(
                create.dataset, metadata: create.metadata, partitionKeys: create.partitionKeys)
            return create.encodeReply(.init(dataset: dataset.id, outcome: outcome))
        case .datasetGet(let get):
            return get.encodeReply(try await service.dataset(get.dataset))
        case .datasetList(let list):
            return list.encodeReply(try await service.listDatasets(list.filter, page: list.page))
        case .artifactCreate(let create):
            return create.encodeReply(try await service.createArtifact(create.artifact))
        case .artifactGet(let get):
            return get.encodeReply(try await service.artifact(get.reference))
        case .artifactList(let list):
            return list.encodeReply(try await service.listArtifacts(list.dataset, filter: list.filter, page: list.page))
        case .artifactUpdate(let update):
            let artifact = try await service.updateArtifact(
                update.reference, data: update.data, metadata: update.metadata, blobs: update.blobs,
                expiry: update.expiry)
            return update.encodeReply(artifact)
        case .artifactDelete(let delete):
            return delete.encodeReply(try await service.deleteArtifact(delete.id))
        case .tagAdd(let add):
            let outcome = try await service.addTag(
                add.dataset, add.tag, artifact: add.artifact, overwrite: add.overwrite)
            return add.encodeReply(outcome)
        }
    }
}
