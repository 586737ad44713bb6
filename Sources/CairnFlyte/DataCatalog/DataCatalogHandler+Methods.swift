import CairnFlyteProtocol
import GRPCCore

/// The datacatalog's methods as a table, for transports that call a method with the bare message
/// (the plaintext gRPC listener's unary path); grpc-swift's server uses the generated registration.
extension DataCatalogHandler {
    /// Every method of `datacatalog.DataCatalog`, each running in ``GRPCCore/RPCError/mapping(_:)``.
    public var methods: [any UnaryMethod] {
        typealias Method = Datacatalog_DataCatalog.Method
        return [
            ProtobufUnaryMethod(Method.CreateDataset.descriptor) { (request: Datacatalog_CreateDatasetRequest) in
                try await RPCError.mapping { try await createDataset(request) }
            },
            ProtobufUnaryMethod(Method.GetDataset.descriptor) { (request: Datacatalog_GetDatasetRequest) in
                try await RPCError.mapping { try await getDataset(request) }
            },
            ProtobufUnaryMethod(Method.CreateArtifact.descriptor) { (request: Datacatalog_CreateArtifactRequest) in
                try await RPCError.mapping { try await createArtifact(request) }
            },
            ProtobufUnaryMethod(Method.GetArtifact.descriptor) { (request: Datacatalog_GetArtifactRequest) in
                try await RPCError.mapping { try await getArtifact(request) }
            },
            ProtobufUnaryMethod(Method.AddTag.descriptor) { (request: Datacatalog_AddTagRequest) in
                try await RPCError.mapping { try await addTag(request) }
            },
            ProtobufUnaryMethod(Method.ListArtifacts.descriptor) { (request: Datacatalog_ListArtifactsRequest) in
                try await RPCError.mapping { try await listArtifacts(request) }
            },
            ProtobufUnaryMethod(Method.ListDatasets.descriptor) { (request: Datacatalog_ListDatasetsRequest) in
                try await RPCError.mapping { try await listDatasets(request) }
            },
            ProtobufUnaryMethod(Method.UpdateArtifact.descriptor) { (request: Datacatalog_UpdateArtifactRequest) in
                try await RPCError.mapping { try await updateArtifact(request) }
            },
            ProtobufUnaryMethod(Method.GetOrExtendReservation.descriptor) {
                (request: Datacatalog_GetOrExtendReservationRequest) in
                try await RPCError.mapping { try await getOrExtendReservation(request) }
            },
            ProtobufUnaryMethod(Method.ReleaseReservation.descriptor) {
                (request: Datacatalog_ReleaseReservationRequest) in
                try await RPCError.mapping { try await releaseReservation(request) }
            },
        ]
    }
}
