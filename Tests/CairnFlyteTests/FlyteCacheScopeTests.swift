import CairnCore
import CairnFlyteProtocol
import CairnService
import Foundation
import GRPCCore
import Testing

@testable import CairnFlyte

/// The v2 service: each (org, project, domain) is a dataset of its own, and a request without one
/// of them is refused naming the field, as Flyte's published validation rules say.
@Suite struct FlyteCacheScopeTests {
    typealias R = CacheRequests

    static func put(_ scope: Flyteidl2_Cacheservice_V2_Identifier, _ key: String, uri: String)
        -> Flyteidl2_Cacheservice_V2_PutCacheRequest
    {
        .with {
            $0.identifier = scope
            $0.baseRequest = R.put(key, uri: uri)
        }
    }

    static func get(_ scope: Flyteidl2_Cacheservice_V2_Identifier, _ key: String)
        -> Flyteidl2_Cacheservice_V2_GetCacheRequest
    {
        .with {
            $0.identifier = scope
            $0.baseRequest = R.get(key)
        }
    }

    @Test func theSameKeyInTwoProjectsIsTwoEntries() async throws {
        try await withFlyteService { service, _ in
            let handler = FlyteCacheHandler(service: service)
            let (one, two) = (R.scope(org: "acme", "p1", "development"), R.scope(org: "acme", "p2", "development"))
            _ = try await handler.put(Self.put(one, "k", uri: "s3://b/one"))
            #expect(await statusCode { try await handler.get(Self.get(two, "k")) } == .notFound)
            #expect(await statusCode { try await handler.get(R.get("k")) } == .notFound)
            _ = try await handler.put(Self.put(two, "k", uri: "s3://b/two"))
            #expect(try await handler.get(Self.get(one, "k")).output.outputUri == "s3://b/one")
            #expect(try await handler.get(Self.get(two, "k")).output.outputUri == "s3://b/two")

            // Where they live: <org>:<project>/<domain>/cacheservice/1; another org is another scope.
            let encode: CatalogService.HitEncoder = { hit, _ in HotReply(hit: hit) }
            let dataset = try DatasetID(parsing: "acme:p1/development/cacheservice/1")
            #expect(try await service.lookup(dataset, try TagName("k"), encode: encode) != nil)
            let otherOrg = R.scope(org: "umbrella", "p1", "development")
            #expect(await statusCode { try await handler.get(Self.get(otherOrg, "k")) } == .notFound)
        }
    }

    @Test func everyV2MethodIsScoped() async throws {
        try await withFlyteService { service, _ in
            let handler = FlyteCacheHandler(service: service)
            let (one, two) = (R.scope("p1", "dev"), R.scope("p2", "dev"))
            let reserve = { (scope: Flyteidl2_Cacheservice_V2_Identifier, owner: String) in
                try await handler.getOrExtendReservation(
                    Flyteidl2_Cacheservice_V2_GetOrExtendReservationRequest.with {
                        $0.identifier = scope
                        $0.baseRequest = R.reserve("k", owner: owner)
                    }
                ).reservation.ownerID
            }
            #expect(try await reserve(one, "a") == "a")
            #expect(try await reserve(two, "b") == "b")
            _ = try await handler.releaseReservation(
                .with {
                    $0.identifier = one
                    $0.baseRequest = R.release("k", owner: "a")
                })
            #expect(try await reserve(one, "c") == "c")

            _ = try await handler.put(Self.put(one, "k", uri: "s3://b/one"))
            let deleteTwo = Flyteidl2_Cacheservice_V2_DeleteCacheRequest.with {
                $0.identifier = two
                $0.baseRequest = R.delete("k")
            }
            #expect(await statusCode { try await handler.delete(deleteTwo) } == .notFound)
            _ = try await handler.delete(
                .with {
                    $0.identifier = one
                    $0.baseRequest = R.delete("k")
                })
            #expect(await statusCode { try await handler.get(Self.get(one, "k")) } == .notFound)
        }
    }

    @Test func aScopeWithoutOrgProjectOrDomainIsRefusedNamingTheField() async throws {
        try await withFlyteService { service, _ in
            let handler = FlyteCacheHandler(service: service)
            let long = (String(repeating: "o", count: 40), String(repeating: "p", count: 40))
            let cases: [(String, Flyteidl2_Cacheservice_V2_GetCacheRequest)] = [
                ("identifier.org", Self.get(R.scope(org: "", "p", "dev"), "k")),
                ("identifier.project", Self.get(R.scope("", "dev"), "k")),
                ("identifier.domain", Self.get(R.scope("p", ""), "k")),
                ("identifier.org", Self.get(R.scope(org: "a:b", "p", "dev"), "k")),
                ("identifier.org", Self.get(R.scope(org: "a/b", "p", "dev"), "k")),
                ("identifier", Self.get(R.scope(org: long.0, long.1, "dev"), "k")),
                ("identifier", R.get("k").scopedWithoutIdentifier),
                ("base_request.key", Self.get(R.scope("p", "dev"), "")),
            ]
            for (field, request) in cases {
                do {
                    _ = try await handler.get(request)
                    Issue.record("\(field): no error")
                } catch let error as RPCError {
                    #expect(error.code == .invalidArgument, "\(field): \(error)")
                    #expect(error.message.hasPrefix(field + ":"), "\(field): \(error)")
                }
            }
        }
    }
}

extension Flyteidl2_Cacheservice_GetCacheRequest {
    /// A v2 request with this as its base and no identifier.
    fileprivate var scopedWithoutIdentifier: Flyteidl2_Cacheservice_V2_GetCacheRequest {
        .with { $0.baseRequest = self }
    }
}
