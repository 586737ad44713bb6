import CairnFlyteProtocol
import CairnService
import Foundation
import NIOCore
import NIOHTTP2
import Testing

@testable import CairnFlyte

/// The plaintext listener's unary path at the level of HTTP/2 frames: requests split, interleaved,
/// larger than the flow-control window, refused, reset and cut off, as a gRPC client never writes them.
/// A hang (a window never reopened, a GOAWAY never sent) fails by the time limit.
@Suite(.timeLimit(.minutes(2))) struct UnaryGRPCServerTests {
    static let createDataset = "/datacatalog.DataCatalog/CreateDataset"
    static let getDataset = "/datacatalog.DataCatalog/GetDataset"
    static let createArtifact = "/datacatalog.DataCatalog/CreateArtifact"
    static let getArtifact = "/datacatalog.DataCatalog/GetArtifact"
    static let addTag = "/datacatalog.DataCatalog/AddTag"

    /// Runs a listener on a free loopback port with a raw connection to it; stops it gracefully after.
    func withServer(
        maxRequestBytes: Int = 16 << 20,
        _ body: @escaping @Sendable (RawHTTP2Connection, FlyteGRPCServer, Int, CatalogService) async throws -> Void
    ) async throws {
        try await withFlyteService { service, _ in
            var configuration = FlyteGRPCServer.Configuration()
            (configuration.port, configuration.maxRequestBytes) = (0, maxRequestBytes)
            let server = FlyteGRPCServer(configuration: configuration, service: service)
            guard case .unary = server.backend else {
                Issue.record("plaintext is not served by the unary path")
                return
            }
            try await withThrowingTaskGroup { group in
                group.addTask { try await server.run() }
                let bound = try await server.awaitBoundPort()
                let connection = try await RawHTTP2Connection.connect(port: bound)
                do {
                    try await body(connection, server, bound, service)
                } catch {
                    // Stopped either way, or the group would wait for the listener forever.
                    await connection.close()
                    server.beginGracefulShutdown()
                    throw error
                }
                await connection.close()
                server.beginGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }

    static func datasetRequest(_ dataset: Datacatalog_DatasetID) -> Datacatalog_CreateDatasetRequest {
        var request = Datacatalog_CreateDatasetRequest()
        request.dataset.id = dataset
        return request
    }

    static func getDatasetRequest(_ dataset: Datacatalog_DatasetID) -> Datacatalog_GetDatasetRequest {
        var request = Datacatalog_GetDatasetRequest()
        request.dataset = dataset
        return request
    }

    @Test func aMessageSplitAcrossFramesEvenInItsPrefixIsOneCall() async throws {
        try await withServer { connection, _, _, _ in
            let dataset = DataCatalogHandlerTests.datasetID(UUID().uuidString)
            let bytes = try RawHTTP2Connection.framed(Self.datasetRequest(dataset))
            // The prefix split after 2 bytes, then the rest 7 bytes a frame.
            let frames =
                RawHTTP2Connection.data(1, Array(bytes.prefix(2)), ends: false)
                + RawHTTP2Connection.data(1, Array(bytes.dropFirst(2)), chunk: 7)
            try await connection.send([RawHTTP2Connection.headers(1, path: Self.createDataset)] + frames)
            let created = try await connection.answer(1)
            #expect(created.status == 0 && created.header(":status") == "200", "\(created)")
            let got = try await connection.call(3, Self.getDataset, Self.getDatasetRequest(dataset))
            #expect(got.status == 0, "\(got)")
            #expect(try Datacatalog_GetDatasetResponse(serializedBytes: got.message).dataset.id == dataset)
        }
    }

    @Test func aTenMiBArtifactOutgrowsTheWindowsAndIsStoredWhole() async throws {
        try await withServer { connection, _, _, service in
            let dataset = DataCatalogHandlerTests.datasetID(UUID().uuidString)
            #expect(try await connection.call(1, Self.createDataset, Self.datasetRequest(dataset)).status == 0)
            let value = (0..<(10 << 20)).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
            let id = UUID().uuidString.lowercased()
            // 10 MiB is more than the server's stream and connection windows (4 MiB): the client's
            // HTTP/2 handler holds the DATA back until the server's WINDOW_UPDATEs let it through.
            let created = try await connection.call(
                3, Self.createArtifact, DataCatalogHandlerTests.artifact(id, dataset, value: value))
            #expect(created.status == 0, "\(created.header("grpc-message") ?? "")")
            let tagged = try await connection.call(
                5, Self.addTag, DataCatalogHandlerTests.tagRequest("big", id, dataset))
            #expect(tagged.status == 0)
            // Read back through the handler: this client never reopens its own window, so it
            // could not take a 10 MiB answer.
            let stored = try await DataCatalogHandler(service: service).getArtifact(
                DataCatalogHandlerTests.byTag("big", dataset))
            #expect(stored.artifact.id == id && Array(stored.artifact.data[0].value) == value)
        }
    }

    @Test func aMessageOverTheLimitIsResourceExhaustedBeforeItArrivesAndTheConnectionGoesOn() async throws {
        try await withServer(maxRequestBytes: 4096) { connection, _, _, _ in
            let dataset = DataCatalogHandlerTests.datasetID(UUID().uuidString)
            let big = try RawHTTP2Connection.framed(
                DataCatalogHandlerTests.artifact(UUID().uuidString, dataset, value: Array(repeating: 7, count: 1 << 20))
            )
            // Only the first 16 KiB are sent, without END_STREAM: the prefix says enough.
            try await connection.send(
                [RawHTTP2Connection.headers(1, path: Self.createArtifact)]
                    + RawHTTP2Connection.data(1, Array(big.prefix(16_384)), ends: false))
            let refused = try await connection.answer(1)
            #expect(refused.status == 8, "\(refused)")
            #expect(refused.header("grpc-message")?.contains("over the limit of 4096") == true, "\(refused)")
            #expect(refused.wasReset, "the rest of the request is declined with RST_STREAM")
            #expect(try await connection.call(3, Self.createDataset, Self.datasetRequest(dataset)).status == 0)
        }
    }

    @Test func compressedMessagesUnknownMethodsAndOtherContentTypesAreRefused() async throws {
        try await withServer { connection, _, _, _ in
            let request = Self.getDatasetRequest(DataCatalogHandlerTests.datasetID())
            let compressed = try RawHTTP2Connection.framed(request, flag: 1)
            try await connection.send(
                [RawHTTP2Connection.headers(1, path: Self.getDataset, extra: [("grpc-encoding", "gzip")])]
                    + RawHTTP2Connection.data(1, compressed))
            let gzip = try await connection.answer(1)
            #expect(gzip.status == 12 && gzip.header("grpc-message")?.contains("gzip") == true, "\(gzip)")
            try await connection.send(
                [RawHTTP2Connection.headers(3, path: Self.getDataset)] + RawHTTP2Connection.data(3, compressed))
            #expect(try await connection.answer(3).status == 13)
            let unknown = try await connection.call(5, "/datacatalog.DataCatalog/DropEverything", request)
            #expect(unknown.status == 12, "\(unknown)")
            #expect(unknown.header("grpc-message")?.contains("DropEverything") == true)
            try await connection.send(
                [RawHTTP2Connection.headers(7, path: Self.getDataset, contentType: "application/json")]
                    + RawHTTP2Connection.data(7, Array("{}".utf8)))
            #expect(try await connection.answer(7).header(":status") == "415")
            // grpc-message is percent-encoded: a message with a non-ASCII character stays readable.
            #expect(UnaryGRPCServer.percentEncoded("tag é 100%") == "tag %C3%A9 100%25")
        }
    }

    @Test func twoHundredInterleavedStreamsOnOneConnectionAreEachAnswered() async throws {
        try await withServer { connection, _, _, _ in
            let dataset = DataCatalogHandlerTests.datasetID(UUID().uuidString)
            #expect(try await connection.call(1, Self.createDataset, Self.datasetRequest(dataset)).status == 0)
            let streams = (0..<200).map { HTTP2StreamID(3 + 2 * $0) }
            var frames = streams.map { RawHTTP2Connection.headers($0, path: Self.getDataset) }
            let hit = try RawHTTP2Connection.framed(Self.getDatasetRequest(dataset))
            let miss = try RawHTTP2Connection.framed(
                Self.getDatasetRequest(DataCatalogHandlerTests.datasetID(UUID().uuidString)))
            // Every stream's first half, then every stream's second half.
            let bodies = streams.indices.map { $0.isMultiple(of: 2) ? hit : miss }
            for (stream, body) in zip(streams, bodies) {
                frames += RawHTTP2Connection.data(stream, Array(body.prefix(4)), ends: false)
            }
            for (stream, body) in zip(streams, bodies) {
                frames += RawHTTP2Connection.data(stream, Array(body.dropFirst(4)))
            }
            try await connection.send(frames)
            for (index, stream) in streams.enumerated() {
                let answer = try await connection.answer(stream)
                #expect(answer.status == (index.isMultiple(of: 2) ? 0 : 5), "stream \(stream): \(answer)")
            }
        }
    }

    @Test func aStreamResetMidRequestOrAConnectionCutMidCallLeavesTheServerServing() async throws {
        try await withServer { connection, _, port, _ in
            let dataset = DataCatalogHandlerTests.datasetID(UUID().uuidString)
            let bytes = try RawHTTP2Connection.framed(Self.datasetRequest(dataset))
            try await connection.send(
                [RawHTTP2Connection.headers(1, path: Self.createDataset)]
                    + RawHTTP2Connection.data(1, Array(bytes.prefix(8)), ends: false)
                    + [HTTP2Frame(streamID: 1, payload: .rstStream(.cancel))])
            // The reset call never ran: the dataset is created by the next call, not found before.
            #expect(try await connection.call(3, Self.getDataset, Self.getDatasetRequest(dataset)).status == 5)
            #expect(try await connection.call(5, Self.createDataset, Self.datasetRequest(dataset)).status == 0)

            let other = try await RawHTTP2Connection.connect(port: port)
            try await other.send(
                [RawHTTP2Connection.headers(1, path: Self.createDataset)]
                    + RawHTTP2Connection.data(1, Array(bytes.prefix(8)), ends: false))
            // A whole call, then the connection cut while it may still run.
            try await other.send(
                [RawHTTP2Connection.headers(3, path: Self.getDataset)]
                    + RawHTTP2Connection.data(3, try RawHTTP2Connection.framed(Self.getDatasetRequest(dataset))))
            await other.close()
            #expect(try await connection.call(7, Self.getDataset, Self.getDatasetRequest(dataset)).status == 0)
        }
    }

    @Test func aGracefulStopSendsGoAwayAndAnswersTheCallInFlight() async throws {
        try await withServer { connection, server, _, _ in
            let dataset = DataCatalogHandlerTests.datasetID(UUID().uuidString)
            // One whole call first: the server has accepted the connection (a connection still in
            // the kernel's backlog when the listener closes is closed, not drained).
            #expect(try await connection.call(1, Self.getDataset, Self.getDatasetRequest(dataset)).status == 5)
            let bytes = try RawHTTP2Connection.framed(Self.datasetRequest(dataset))
            try await connection.send(
                [RawHTTP2Connection.headers(3, path: Self.createDataset)]
                    + RawHTTP2Connection.data(3, Array(bytes.prefix(8)), ends: false))
            // Read by the server (a stream it has not seen when it sends GOAWAY is refused), then the
            // rest of the request after the GOAWAY: the call in flight is still answered.
            try await connection.ping()
            server.beginGracefulShutdown()
            _ = try await connection.goAway()
            try await connection.send(RawHTTP2Connection.data(3, Array(bytes.dropFirst(8))))
            let answer = try await connection.answer(3)
            #expect(answer.status == 0, "\(answer)")
        }
    }
}
