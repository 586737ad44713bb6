import CairnCore
import CairnFlyteProtocol
import CairnService
import GRPCCore

/// Flyte 1's `datacatalog.DataCatalog` over the catalog service: each RPC translates its request
/// into Cairn's values, calls ``CatalogService`` and translates the answer back; errors leave as
/// gRPC statuses through ``GRPCCore/RPCError/init(cairn:)``. It holds no state of its own.
///
/// flytepropeller's lookup is GetDataset (answered from the service's dataset cache after the first
/// call) and GetArtifact by tag (the cache path: the hot cache, else one statement).
public struct DataCatalogHandler: Datacatalog_DataCatalog.SimpleServiceProtocol {
    let service: CatalogService
    let configuration: FlyteConfiguration

    public init(service: CatalogService, configuration: FlyteConfiguration = FlyteConfiguration()) {
        self.service = service
        self.configuration = configuration
    }

    public func createDataset(request: Datacatalog_CreateDatasetRequest, context: ServerContext) async throws
        -> Datacatalog_CreateDatasetResponse
    {
        try await RPCError.mapping { try await createDataset(request) }
    }

    public func getDataset(request: Datacatalog_GetDatasetRequest, context: ServerContext) async throws
        -> Datacatalog_GetDatasetResponse
    {
        try await RPCError.mapping { try await getDataset(request) }
    }

    public func createArtifact(request: Datacatalog_CreateArtifactRequest, context: ServerContext) async throws
        -> Datacatalog_CreateArtifactResponse
    {
        try await RPCError.mapping { try await createArtifact(request) }
    }

    public func getArtifact(request: Datacatalog_GetArtifactRequest, context: ServerContext) async throws
        -> Datacatalog_GetArtifactResponse
    {
        try await RPCError.mapping { try await getArtifact(request) }
    }

    public func addTag(request: Datacatalog_AddTagRequest, context: ServerContext) async throws
        -> Datacatalog_AddTagResponse
    {
        try await RPCError.mapping { try await addTag(request) }
    }

    public func listArtifacts(request: Datacatalog_ListArtifactsRequest, context: ServerContext) async throws
        -> Datacatalog_ListArtifactsResponse
    {
        try await RPCError.mapping { try await listArtifacts(request) }
    }

    public func listDatasets(request: Datacatalog_ListDatasetsRequest, context: ServerContext) async throws
        -> Datacatalog_ListDatasetsResponse
    {
        try await RPCError.mapping { try await listDatasets(request) }
    }

    public func updateArtifact(request: Datacatalog_UpdateArtifactRequest, context: ServerContext) async throws
        -> Datacatalog_UpdateArtifactResponse
    {
        try await RPCError.mapping { try await updateArtifact(request) }
    }

    public func getOrExtendReservation(
        request: Datacatalog_GetOrExtendReservationRequest, context: ServerContext
    ) async throws -> Datacatalog_GetOrExtendReservationResponse {
        try await RPCError.mapping { try await getOrExtendReservation(request) }
    }

    public func releaseReservation(request: Datacatalog_ReleaseReservationRequest, context: ServerContext)
        async throws -> Datacatalog_ReleaseReservationResponse
    {
        try await RPCError.mapping { try await releaseReservation(request) }
    }
}
