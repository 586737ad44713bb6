import CairnFlyteProtocol
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Testing

@testable import CairnFlyte

/// The cache handler registered once on a gRPC server answers both services, with their statuses.
@Suite struct FlyteCacheGRPCTests {
    typealias R = CacheRequests

    @Test func oneRegistrationServesTheUnscopedAndTheV2Service() async throws {
        try await withFlyteService { service, _ in
            let server = GRPCServer(
                transport: .http2NIOPosix(address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext),
                services: [FlyteCacheHandler(service: service)])
            try await withThrowingTaskGroup { group in
                group.addTask { try await server.serve() }
                let port = try #require(try await server.listeningAddress?.ipv4?.port)
                try await withGRPCClient(
                    transport: .http2NIOPosix(
                        target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
                ) { client in
                    let unscoped = Flyteidl2_Cacheservice_CacheService.Client(wrapping: client)
                    let scoped = Flyteidl2_Cacheservice_V2_CacheService.Client(wrapping: client)
                    #expect(await statusCode { try await unscoped.get(R.get("k")) } == .notFound)
                    _ = try await unscoped.put(R.put("k", literals: R.literals))
                    #expect(try await unscoped.get(R.get("k")).output.outputLiterals == R.literals)
                    #expect(await statusCode { try await unscoped.put(R.put("k", uri: "u")) } == .alreadyExists)

                    let scope = R.scope(org: "acme", "p", "dev")
                    let get = Flyteidl2_Cacheservice_V2_GetCacheRequest.with {
                        $0.identifier = scope
                        $0.baseRequest = R.get("k")
                    }
                    #expect(await statusCode { try await scoped.get(get) } == .notFound)
                    _ = try await scoped.put(
                        .with {
                            $0.identifier = scope
                            $0.baseRequest = R.put("k", uri: "s3://b/scoped")
                        })
                    #expect(try await scoped.get(get).output.outputUri == "s3://b/scoped")
                    let reservation = try await scoped.getOrExtendReservation(
                        .with {
                            $0.identifier = scope
                            $0.baseRequest = R.reserve("k", owner: "a")
                        })
                    #expect(reservation.reservation.ownerID == "a")
                    var unscopedGet = get
                    unscopedGet.clearIdentifier()
                    #expect(await statusCode { try await scoped.get(unscopedGet) } == .invalidArgument)
                }
                server.beginGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }
}
