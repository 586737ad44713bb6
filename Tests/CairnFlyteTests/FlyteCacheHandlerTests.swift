import CairnCore
import CairnFlyteProtocol
import CairnService
import Foundation
import GRPCCore
import Testing

@testable import CairnFlyte

/// Flyte 2's Get, Put and Delete over a real catalog: the statuses Flyte's own service gives, the
/// output back byte for byte, and Put's overwrite rules.
@Suite struct FlyteCacheHandlerTests {
    typealias R = CacheRequests

    @Test func aMissIsNotFoundAndAPutIsAHitWithTheLiteralsByteForByte() async throws {
        try await withFlyteService { service, _ in
            let handler = FlyteCacheHandler(service: service)
            #expect(await statusCode { try await handler.get(R.get("k1")) } == .notFound)

            let source = Data([0x0A, 0x03, 0x66, 0x6F, 0x6F])
            _ = try await handler.put(
                R.put("k1", literals: R.literals, keyMap: ["task-name": "square", "run": "r1"], source: source))
            let output = try await handler.get(R.get("k1")).output
            #expect(output.output == .outputLiterals(R.literals))
            #expect(output.metadata.keyMap.values == ["task-name": "square", "run": "r1"])
            #expect(output.metadata.sourceIdentifier == source)
            #expect(output.metadata.hasCreatedAt && output.metadata.lastUpdatedAt == output.metadata.createdAt)
            #expect(abs(output.metadata.createdAt.date.timeIntervalSinceNow) < 3600, "\(output.metadata.createdAt)")

            // One catalog: the entry is the service's, in the unscoped dataset under the key as its tag.
            let hit = try #require(
                try await service.lookup(
                    try DatasetID(parsing: "flyte2/shared/cacheservice/1"), try TagName("k1"),
                    encode: { hit, _ in HotReply(hit: hit) }))
            #expect(hit.hit[item: "literals"]?.value == .inline(Array(R.literals)))
        }
    }

    @Test func anOutputURIComesBackAsAURI() async throws {
        try await withFlyteService { service, _ in
            let handler = FlyteCacheHandler(service: service)
            _ = try await handler.put(R.put("k-uri", uri: "s3://bucket/metadata/outputs.pb"))
            let output = try await handler.get(R.get("k-uri")).output
            #expect(output.output == .outputUri("s3://bucket/metadata/outputs.pb"))
            #expect(output.metadata.keyMap.values.isEmpty && output.metadata.sourceIdentifier.isEmpty)
        }
    }

    @Test func anEmptyLiteralMapIsAnOutput() async throws {
        try await withFlyteService { service, _ in
            let handler = FlyteCacheHandler(service: service)
            _ = try await handler.put(R.put("no-outputs", literals: Data()))
            #expect(try await handler.get(R.get("no-outputs")).output.output == .outputLiterals(Data()))
        }
    }

    @Test func aSecondPutIsAlreadyExistsAndKeepsTheFirstOutput() async throws {
        try await withFlyteService { service, _ in
            let handler = FlyteCacheHandler(service: service)
            _ = try await handler.put(R.put("k", uri: "s3://b/first"))
            #expect(await statusCode { try await handler.put(R.put("k", uri: "s3://b/second")) } == .alreadyExists)
            // A max_age the entry has not reached yet changes nothing either.
            #expect(
                await statusCode { try await handler.put(R.put("k", uri: "s3://b/second", maxAge: .seconds(3600))) }
                    == .alreadyExists)
            #expect(try await handler.get(R.get("k")).output.outputUri == "s3://b/first")
        }
    }

    @Test func overwriteReplacesTheOutputAndMovesLastUpdatedAt() async throws {
        try await withFlyteService { service, _ in
            let handler = FlyteCacheHandler(service: service)
            _ = try await handler.put(R.put("k", uri: "s3://b/first", keyMap: ["run": "r1"]))
            try await Task.sleep(for: .milliseconds(20))  // so that the overwrite is later, not the same microsecond
            _ = try await handler.put(R.put("k", literals: R.literals, keyMap: ["run": "r2"], overwrite: true))
            let output = try await handler.get(R.get("k")).output
            #expect(output.output == .outputLiterals(R.literals))
            #expect(output.metadata.keyMap.values == ["run": "r2"])
            #expect(output.metadata.lastUpdatedAt.date > output.metadata.createdAt.date, "\(output.metadata)")
            let artifact = try await service.artifact(
                .tag(try DatasetID(parsing: "flyte2/shared/cacheservice/1"), try TagName("k")))
            #expect(artifact.updatedAt != nil)
        }
    }

    @Test func anEntryOlderThanMaxAgeIsOverwritten() async throws {
        try await withFlyteService { service, _ in
            let handler = FlyteCacheHandler(service: service)
            _ = try await handler.put(R.put("k", uri: "s3://b/old"))
            // Older than 1 ms once 1 ms has passed; no duration is asserted, only the order.
            try await Task.sleep(for: .milliseconds(50))
            _ = try await handler.put(R.put("k", uri: "s3://b/new", maxAge: .milliseconds(1)))
            #expect(try await handler.get(R.get("k")).output.outputUri == "s3://b/new")
        }
    }

    @Test func deleteBlobIsAcceptedAndIgnored() async throws {
        try await withFlyteService { service, _ in
            let handler = FlyteCacheHandler(service: service)
            _ = try await handler.put(R.put("k", uri: "s3://b/old"))
            var request = R.put("k", uri: "s3://b/new", overwrite: true)
            request.overwrite.deleteBlob = true
            _ = try await handler.put(request)
            #expect(try await handler.get(R.get("k")).output.outputUri == "s3://b/new")
        }
    }

    @Test func deleteOfAMissingKeyIsNotFoundAndOfAPresentOneMakesAMiss() async throws {
        try await withFlyteService { service, _ in
            let handler = FlyteCacheHandler(service: service)
            #expect(await statusCode { try await handler.delete(R.delete("k")) } == .notFound)
            _ = try await handler.put(R.put("k", uri: "s3://b/o"))
            _ = try await handler.get(R.get("k"))  // now in the hot cache too
            _ = try await handler.delete(R.delete("k"))
            #expect(await statusCode { try await handler.get(R.get("k")) } == .notFound)
            #expect(await statusCode { try await handler.delete(R.delete("k")) } == .notFound)
        }
    }

    @Test func malformedRequestsAreInvalidArgumentNamingTheField() async throws {
        try await withFlyteService { service, _ in
            let handler = FlyteCacheHandler(service: service)
            let cases: [(String, () async throws -> Any)] = [
                ("key", { try await handler.get(R.get("")) }),
                ("output", { try await handler.put(R.put("k")) }),
                ("output.output_uri", { try await handler.put(R.put("k", uri: "")) }),
                ("output.metadata.key_map key", { try await handler.put(R.put("k", uri: "u", keyMap: ["a b": "c"])) }),
                ("overwrite.max_age", { try await handler.put(R.put("k", uri: "u").withBadMaxAge) }),
            ]
            for (field, call) in cases {
                do {
                    _ = try await call()
                    Issue.record("\(field): no error")
                } catch let error as RPCError {
                    #expect(error.code == .invalidArgument, "\(field): \(error)")
                    #expect(error.message.hasPrefix(field + ":"), "\(field): \(error)")
                }
            }
            #expect(await statusCode { try await handler.get(R.get("k")) } == .notFound)
        }
    }

    @Test func aKeyThatIsNoTagIsStoredUnderItsDigest() async throws {
        try await withFlyteService { service, _ in
            let handler = FlyteCacheHandler(service: service)
            let long = String(repeating: "inputs-hash/", count: 40)  // 480 bytes: too long for a tag
            let spaced = "a key with spaces"
            let lookalike = "sha256:" + String(repeating: "0", count: 64)
            for key in [long, spaced, lookalike] {
                _ = try await handler.put(R.put(key, uri: "s3://b/\(key.utf8.count)"))
                #expect(try await handler.get(R.get(key)).output.outputUri == "s3://b/\(key.utf8.count)")
                let tag = try TagName("sha256:" + SHA256Digest.of(Array(key.utf8)).hex)
                #expect(FlyteCacheKey.tag(for: key) == tag)
                let hit = try await service.lookup(
                    FlyteCacheKey.unscopedDataset, tag, encode: { hit, _ in HotReply(hit: hit) })
                #expect(hit != nil, "\(key)")
            }
            // A key that is a tag is the tag.
            #expect(FlyteCacheKey.tag(for: "abc:DEF-123") == (try TagName("abc:DEF-123")))
        }
    }
}

extension Flyteidl2_Cacheservice_PutCacheRequest {
    /// The request with a max_age protobuf says is no duration: seconds and nanos of different signs.
    fileprivate var withBadMaxAge: Self {
        var request = self
        request.overwrite.maxAge = .init(seconds: 1, nanos: -5)
        return request
    }
}
