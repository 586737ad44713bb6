import CairnCore
import CairnFlyteProtocol
import CairnService
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Testing

@testable import CairnFlyte

/// The gRPC listener over the wire: statuses as a grpc client sees them, access rules, and a
/// graceful stop.
@Suite struct FlyteGRPCServerTests {
    /// Runs a listener on a free loopback port and a client connected to it.
    func withServer(
        access: FlyteAccess = FlyteAccess(authenticate: nil), maxRequestBytes: Int = 16 << 20,
        usesGRPCSwift: Bool = false,
        _ body:
            @escaping @Sendable (Datacatalog_DataCatalog.Client<HTTP2ClientTransport.Posix>, CatalogService)
            async throws
            -> Void
    ) async throws {
        try await withFlyteService { service, _ in
            var configuration = FlyteGRPCServer.Configuration()
            (configuration.port, configuration.access) = (0, access)
            configuration.maxRequestBytes = maxRequestBytes
            configuration.usesGRPCSwift = usesGRPCSwift
            let server = FlyteGRPCServer(configuration: configuration, service: service)
            try await withThrowingTaskGroup { group in
                group.addTask { try await server.run() }
                let bound = try await server.awaitBoundPort()
                try await withGRPCClient(
                    transport: .http2NIOPosix(
                        target: .ipv4(address: "127.0.0.1", port: bound), transportSecurity: .plaintext)
                ) { client in
                    try await body(Datacatalog_DataCatalog.Client(wrapping: client), service)
                }
                server.beginGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }

    static func code<T>(_ body: () async throws -> T) async -> RPCError.Code? {
        await statusCode(body)
    }

    /// On both paths: the unary listener, and grpc-swift's server (what TLS is served with).
    @Test(arguments: [false, true])
    func aMissIsNotFoundOnTheWireAndAHitCarriesTheBytes(usesGRPCSwift: Bool) async throws {
        try await withServer(usesGRPCSwift: usesGRPCSwift) { client, _ in
            let dataset = DataCatalogHandlerTests.datasetID()
            var get = Datacatalog_GetDatasetRequest()
            get.dataset = dataset
            #expect(await Self.code { try await client.getDataset(get) } == .notFound)
            var create = Datacatalog_CreateDatasetRequest()
            create.dataset.id = dataset
            _ = try await client.createDataset(create)
            #expect(await Self.code { try await client.createDataset(create) } == .alreadyExists)
            #expect(
                await Self.code { try await client.getArtifact(DataCatalogHandlerTests.byTag("k", dataset)) }
                    == .notFound)
            let id = UUID().uuidString.lowercased()
            _ = try await client.createArtifact(DataCatalogHandlerTests.artifact(id, dataset, value: [0, 1, 2, 255]))
            _ = try await client.addTag(DataCatalogHandlerTests.tagRequest("k", id, dataset))
            let hit = try await client.getArtifact(DataCatalogHandlerTests.byTag("k", dataset))
            #expect(hit.artifact.id == id && Array(hit.artifact.data[0].value) == [0, 1, 2, 255])
            var empty = Datacatalog_GetArtifactRequest()
            empty.dataset = dataset
            #expect(await Self.code { try await client.getArtifact(empty) } == .invalidArgument)
        }
    }

    @Test func aRequestOverTheMessageLimitIsRefusedAndTheServerGoesOn() async throws {
        try await withServer(maxRequestBytes: 4096) { client, _ in
            let dataset = DataCatalogHandlerTests.datasetID()
            var create = Datacatalog_CreateDatasetRequest()
            create.dataset.id = dataset
            _ = try await client.createDataset(create)
            let big = DataCatalogHandlerTests.artifact(
                UUID().uuidString, dataset, value: Array(repeating: 7, count: 8192))
            // grpc-swift's transport refuses the message by resetting the stream: the client sees
            // RESOURCE_EXHAUSTED or UNAVAILABLE, and nothing is stored.
            let refused = await Self.code { try await client.createArtifact(big) }
            #expect(refused == .resourceExhausted || refused == .unavailable, "\(String(describing: refused))")
            var list = Datacatalog_ListArtifactsRequest()
            list.dataset = dataset
            #expect(try await client.listArtifacts(list).artifacts.isEmpty)
            var get = Datacatalog_GetDatasetRequest()
            get.dataset = dataset
            #expect(try await client.getDataset(get).dataset.id == dataset)
        }
    }

    @Test func withPasswordsCallsNeedBasicCredentialsOfARoleThatSuffices() async throws {
        let access = FlyteAccess { user, password in
            switch (user, password) {
            case ("reader", "r"): .reader
            case ("writer", "w"): .writer
            default: nil
            }
        }
        try await withServer(access: access) { client, _ in
            let dataset = DataCatalogHandlerTests.datasetID()
            var create = Datacatalog_CreateDatasetRequest()
            create.dataset.id = dataset
            func basic(_ user: String, _ password: String) -> Metadata {
                var metadata = Metadata()
                metadata.addString(
                    "Basic " + Data("\(user):\(password)".utf8).base64EncodedString(), forKey: "authorization")
                return metadata
            }
            #expect(await Self.code { try await client.createDataset(create) } == .unauthenticated)
            #expect(
                await Self.code { try await client.createDataset(create, metadata: basic("writer", "x")) }
                    == .unauthenticated)
            #expect(
                await Self.code { try await client.createDataset(create, metadata: basic("reader", "r")) }
                    == .permissionDenied)
            _ = try await client.createDataset(create, metadata: basic("writer", "w"))
            var get = Datacatalog_GetDatasetRequest()
            get.dataset = dataset
            #expect(try await client.getDataset(get, metadata: basic("reader", "r")).dataset.id == dataset)
        }
    }

    @Test func callsAreCountedAndTimedLikeCommandsAndMissesAreNoErrors() async throws {
        try await withServer { client, service in
            let before = service.stats.value(.commands)
            var get = Datacatalog_GetDatasetRequest()
            get.dataset = DataCatalogHandlerTests.datasetID()
            #expect(await Self.code { try await client.getDataset(get) } == .notFound)
            get.dataset.project = ""
            #expect(await Self.code { try await client.getDataset(get) } == .invalidArgument)
            #expect(service.stats.value(.commands) == before + 2)
            #expect(service.stats.errorCounts["grpc_invalidArgument"] == 1)
            #expect(service.stats.errorCounts.keys.allSatisfy { !$0.contains("notFound") })
            #expect(FlyteGRPCServer.methodNames.contains("datacatalog.GetArtifact"))
            #expect(FlyteGRPCServer.methodNames.contains("cacheservice.v2.Get"))
        }
    }

    @Test func protectedModeServesLoopbackPeersOnly() throws {
        let access = FlyteAccess(authenticate: nil)
        let method = MethodDescriptor(fullyQualifiedService: "datacatalog.DataCatalog", method: "GetDataset")
        for peer in ["ipv4:127.0.0.1:5000", "ipv6:[::1]:5000", "unix:/tmp/x.sock"] {
            try access.check(method: method, peer: peer, metadata: [:])
        }
        for peer in ["ipv4:10.1.2.3:5000", "ipv6:[fe80::1]:5000", "in-process:1"] {
            #expect(throws: RPCError.self, "\(peer)") { try access.check(method: method, peer: peer, metadata: [:]) }
            try FlyteAccess.open.check(method: method, peer: peer, metadata: [:])
        }
    }
}
