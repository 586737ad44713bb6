import CairnCore
import CairnFlyteProtocol
import GRPCCore

extension DataCatalogHandler {
    /// Creates the dataset; `ALREADY_EXISTS` when it exists, whatever its metadata (as Flyte answers;
    /// propeller takes that as success).
    func createDataset(_ request: Datacatalog_CreateDatasetRequest) async throws -> Datacatalog_CreateDatasetResponse {
        guard request.hasDataset else { throw RPCError.invalid("dataset", "is required") }
        let id = try request.dataset.id.cairnID(field: "dataset.id")
        let created = try await service.createDataset(
            id, metadata: request.dataset.metadata.keyMap, partitionKeys: request.dataset.partitionKeys)
        guard created.outcome == .created else {
            throw RPCError(code: .alreadyExists, message: "dataset \(id) already exists")
        }
        return Datacatalog_CreateDatasetResponse()
    }

    /// The dataset, from the service's dataset cache after the first read; `NOT_FOUND` when unknown.
    func getDataset(_ request: Datacatalog_GetDatasetRequest) async throws -> Datacatalog_GetDatasetResponse {
        let id = try request.dataset.cairnID()
        var response = Datacatalog_GetDatasetResponse()
        response.dataset = Datacatalog_Dataset(try await service.dataset(id))
        return response
    }
}

extension Datacatalog_Dataset {
    /// Flyte's form of a Cairn dataset.
    init(_ dataset: Dataset) {
        self.init()
        id = Datacatalog_DatasetID(dataset.id)
        metadata.keyMap = dataset.metadata
        partitionKeys = dataset.partitionKeys
    }
}
