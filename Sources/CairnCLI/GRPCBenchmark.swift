import CairnClient
import CairnCore
import CairnFlyteProtocol
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2

/// The phases of `cairn bench grpc` against one server: a load over gRPC, then closed loops of
/// flytepropeller's lookup (GetDataset, then GetArtifact by tag) and of `CACHE.GET` over RESP on
/// the same keys. Each protocol has one connection shared by every caller (HTTP/2 streams,
/// RESP pipelining), as propeller shares one gRPC connection.
struct GRPCBenchmark: Sendable {
    typealias Catalog = Datacatalog_DataCatalog.Client<HTTP2ClientTransport.Posix>

    let catalog: Catalog
    let resp: CairnClient
    let keys: GRPCBenchKeys
    let loop: ClosedLoop

    /// Every call gives up after this long, so a stalled server ends the run instead of hanging it.
    static let callOptions: CallOptions = {
        var options = CallOptions.defaults
        options.timeout = .seconds(30)
        return options
    }()

    /// Creates the dataset (an existing one is fine) and one artifact with one tag per key, as
    /// propeller writes a cache entry: CreateArtifact, then AddTag.
    func load(valueSize: Int, seconds: Double) async throws -> ClosedLoop.Measurement {
        var dataset = Datacatalog_CreateDatasetRequest()
        dataset.dataset.id = keys.flyteDataset
        do {
            _ = try await catalog.createDataset(dataset, options: Self.callOptions)
        } catch let error as RPCError where error.code == .alreadyExists {}
        let (catalog, keys) = (self.catalog, self.keys)
        return try await ClosedLoop(callers: loop.callers, count: keys.tags.count, seconds: seconds).run { index in
            let id = UUID().uuidString.lowercased()
            var generator = SeededGenerator(seed: UInt64(index))
            var artifact = Datacatalog_CreateArtifactRequest()
            (artifact.artifact.id, artifact.artifact.dataset) = (id, keys.flyteDataset)
            var item = Datacatalog_ArtifactData()
            (item.name, item.value) = ("o0", Data(generator.bytes(valueSize)))
            artifact.artifact.data = [item]
            _ = try await catalog.createArtifact(artifact, options: Self.callOptions)
            var tag = Datacatalog_AddTagRequest()
            (tag.tag.name, tag.tag.artifactID, tag.tag.dataset) = (keys.tags[index].value, id, keys.flyteDataset)
            _ = try await catalog.addTag(tag, options: Self.callOptions)
        }
    }

    /// Looks every key up once over each protocol, so the hot cache holds both encodings.
    func warm(seconds: Double) async throws {
        let warm = ClosedLoop(callers: loop.callers, count: keys.tags.count, seconds: seconds)
        let (catalog, resp, keys) = (self.catalog, self.resp, self.keys)
        let grpc = try await warm.run { index in
            _ = try await catalog.getArtifact(keys.hitRequests[index], options: Self.callOptions)
        }
        let gets = try await warm.run { index in
            guard try await resp.get(dataset: keys.dataset, tag: keys.tags[index]) != nil else {
                throw CairnError(.internalError, "CACHE.GET of loaded tag \(keys.tags[index]) missed")
            }
        }
        guard grpc.operations == keys.tags.count, gets.operations == keys.tags.count else {
            throw CairnError(.unavailable, "warming the hot cache took longer than \(Int(seconds)) s")
        }
    }

    /// Propeller's lookup pair on random keys: GetDataset, then GetArtifact by tag. Every lookup of
    /// a loaded tag must hit, every lookup of an absent one must be `NOT_FOUND`.
    func pairs(miss: Bool) async throws -> ClosedLoop.Measurement {
        let (catalog, keys) = (self.catalog, self.keys)
        return try await loop.run { index in
            let key = keys.draw(index)
            _ = try await catalog.getDataset(keys.datasetRequest, options: Self.callOptions)
            do {
                let found = try await catalog.getArtifact(
                    miss ? keys.missRequests[key] : keys.hitRequests[key], options: Self.callOptions)
                guard !miss, found.artifact.data.count == 1 else {
                    throw CairnError(
                        .internalError, "GetArtifact answered \(miss ? "a hit for an absent" : "no data for a") tag")
                }
            } catch let error as RPCError where error.code == .notFound && miss {}
        }
    }

    /// `CACHE.GET` of the same keys as ``pairs(miss:)``, one request per lookup.
    func gets(miss: Bool) async throws -> ClosedLoop.Measurement {
        let (resp, keys) = (self.resp, self.keys)
        return try await loop.run { index in
            let key = keys.draw(index)
            let tag = miss ? keys.absent[key] : keys.tags[key]
            guard try await resp.get(dataset: keys.dataset, tag: tag) != nil || miss else {
                throw CairnError(.internalError, "CACHE.GET of loaded tag \(tag) missed")
            }
        }
    }
}

/// The keys of one run: a dataset of its own (so runs never meet), `count` tags that are loaded
/// and as many that never are, and the gRPC requests for them, built once.
struct GRPCBenchKeys: Sendable {
    let flyteDataset: Datacatalog_DatasetID
    let dataset: DatasetID
    let tags: [TagName]
    let absent: [TagName]
    let datasetRequest: Datacatalog_GetDatasetRequest
    let hitRequests: [Datacatalog_GetArtifactRequest]
    let missRequests: [Datacatalog_GetArtifactRequest]

    init(run: String, count: Int) throws {
        var flyte = Datacatalog_DatasetID()
        (flyte.project, flyte.domain, flyte.name, flyte.version) = ("bench", "grpc", "lookup", run)
        flyteDataset = flyte
        dataset = try DatasetID(project: "bench", domain: "grpc", name: "lookup", version: run)
        tags = try (0..<count).map { try TagName("flyte_cached-\($0)") }
        absent = try (0..<count).map { try TagName("absent-\($0)") }
        var get = Datacatalog_GetDatasetRequest()
        get.dataset = flyte
        datasetRequest = get
        func request(_ tag: TagName) -> Datacatalog_GetArtifactRequest {
            var request = Datacatalog_GetArtifactRequest()
            (request.dataset, request.tagName) = (flyte, tag.value)
            return request
        }
        hitRequests = tags.map(request)
        missRequests = absent.map(request)
    }

    /// The key of the `index`th lookup: spread over all keys, the same sequence for every protocol.
    func draw(_ index: Int) -> Int {
        var generator = SeededGenerator(seed: UInt64(index))
        return Int(generator.next() % UInt64(tags.count))
    }
}
