import CairnCore
import CairnProtocol
import CairnStore

extension CommandExecutor {
    /// Runs a catalog command: one store call, its result shaped by ``CatalogWire``, and the hot
    /// cache told about anything it changed. Store errors propagate and become their reply prefix
    /// in ``CommandExecutor/start(_:session:)``.
    func runCatalog(_ command: CatalogCommand) async throws -> RESPValue {
        switch command {
        case .datasetCreate(let create):
            let (dataset, outcome) = try await store.createDataset(
                create.dataset, metadata: create.metadata, partitionKeys: create.partitionKeys)
            return .array([.bulk(dataset.id.description), .bulk(outcome.rawValue)])
        case .datasetGet(let id):
            return CatalogWire.dataset(try await store.dataset(id))
        case .datasetList(let filter, let page):
            return CatalogWire.page(try await store.listDatasets(filter, page: page), CatalogWire.dataset)
        case .artifactCreate(let new):
            let artifact = try await store.createArtifact(new)
            for tag in new.tags { hotCache.invalidate(dataset: new.dataset, tag: tag) }
            return CatalogWire.artifact(artifact)
        case .artifactGet(let reference):
            return CatalogWire.artifact(try await store.artifact(reference))
        case .artifactList(let list):
            let page = try await store.listArtifacts(list.dataset, filter: list.filter, page: list.page)
            return CatalogWire.page(page, CatalogWire.artifact)
        case .artifactUpdate(let update):
            let artifact = try await store.updateArtifact(
                update.reference, data: update.data, metadata: update.metadata, blobs: update.blobs,
                expiry: update.expiry)
            hotCache.invalidate(artifact: artifact.id)
            return CatalogWire.artifact(artifact)
        case .artifactDelete(let id):
            // Invalidate on both sides of the delete: nothing inserted in between survives it.
            hotCache.invalidate(artifact: id)
            let deleted = try await store.deleteArtifact(id)
            hotCache.invalidate(artifact: id)
            return .integer(deleted ? 1 : 0)
        case .tagAdd(let add):
            let outcome = try await store.addTag(add.dataset, add.tag, artifact: add.artifact, overwrite: add.overwrite)
            hotCache.invalidate(dataset: add.dataset, tag: add.tag)
            return CatalogWire.tag(outcome, artifact: add.artifact)
        }
    }
}
