import CairnCore
import CairnFlyteProtocol
import CairnService
import GRPCCore

/// Flyte 2's cache service over the catalog service: `flyteidl2.cacheservice.CacheService` (one
/// shared scope) and `flyteidl2.cacheservice.v2.CacheService` (scoped by org, project and domain).
/// Each RPC maps its key with ``FlyteCacheKey``, calls ``CatalogService`` and translates the answer
/// back; errors leave as gRPC statuses through ``GRPCCore/RPCError/init(cairn:)``. It holds no
/// state of its own and knows no transport: a gRPC server registers it (it conforms to both
/// services' protocols), and the HTTP listener's Connect routes call ``methods``.
public struct FlyteCacheHandler: Sendable {
    let service: CatalogService
    let configuration: FlyteConfiguration

    /// The names of the data items an entry is stored with.
    enum Item {
        /// The output's `LiteralMap`, as its bytes.
        static let literals = "literals"
        /// The output's URI, as UTF-8.
        static let uri = "uri"
        /// The writer's serialized `Identifier`, when given.
        static let sourceIdentifier = "source_identifier"
    }

    public init(service: CatalogService, configuration: FlyteConfiguration = FlyteConfiguration()) {
        self.service = service
        self.configuration = configuration
    }

    /// Runs `body` with a request field's Cairn validation error renamed after the field (`owner`
    /// becomes `owner_id`), so the message names what the client sent.
    func renaming<T>(_ cairnField: String, to field: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CairnError where error.field == cairnField {
            let reason =
                error.message.hasPrefix(cairnField + ": ")
                ? String(error.message.dropFirst(cairnField.count + 2)) : error.message
            throw RPCError(code: RPCError(cairn: error).code, message: "\(field): \(reason)")
        }
    }
}
