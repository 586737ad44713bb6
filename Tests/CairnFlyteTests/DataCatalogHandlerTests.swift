import CairnCore
import CairnFlyteProtocol
import CairnService
import CairnTestSupport
import Foundation
import GRPCCore
import SwiftProtobuf
import Testing

@testable import CairnFlyte

/// The datacatalog handler over a real catalog: the statuses flytepropeller relies on, byte-exact
/// data, updates, reservations and keyset paging.
@Suite struct DataCatalogHandlerTests {
    static func datasetID(_ name: String = "flyte_task-wf.square", version: String = "1.0-abc-def")
        -> Datacatalog_DatasetID
    {
        var id = Datacatalog_DatasetID()
        (id.project, id.domain, id.name, id.version) = ("flytesnacks", "development", name, version)
        return id
    }

    static func artifact(
        _ id: String, _ dataset: Datacatalog_DatasetID, value: [UInt8], partitions: [String: String] = [:]
    )
        -> Datacatalog_CreateArtifactRequest
    {
        var request = Datacatalog_CreateArtifactRequest()
        request.artifact.id = id
        request.artifact.dataset = dataset
        var item = Datacatalog_ArtifactData()
        (item.name, item.value) = ("o0", Data(value))
        request.artifact.data = [item]
        request.artifact.metadata.keyMap = ["execution-name": "a1b2"]
        request.artifact.partitions = partitions.map { key, value in
            var partition = Datacatalog_Partition()
            (partition.key, partition.value) = (key, value)
            return partition
        }
        return request
    }

    static func createDataset(_ handler: DataCatalogHandler, _ id: Datacatalog_DatasetID, keys: [String] = [])
        async throws
    {
        var request = Datacatalog_CreateDatasetRequest()
        request.dataset.id = id
        request.dataset.partitionKeys = keys
        _ = try await handler.createDataset(request)
    }

    static func tagRequest(_ name: String, _ artifact: String, _ dataset: Datacatalog_DatasetID)
        -> Datacatalog_AddTagRequest
    {
        var request = Datacatalog_AddTagRequest()
        (request.tag.name, request.tag.artifactID, request.tag.dataset) = (name, artifact, dataset)
        return request
    }

    static func byTag(_ tag: String, _ dataset: Datacatalog_DatasetID) -> Datacatalog_GetArtifactRequest {
        var request = Datacatalog_GetArtifactRequest()
        request.dataset = dataset
        request.tagName = tag
        return request
    }

    @Test func propellersLookupSequenceMissesThenHitsWithTheLiteralBytesUnchanged() async throws {
        try await withFlyteService { service, url in
            let handler = DataCatalogHandler(service: service)
            let dataset = Self.datasetID()
            var get = Datacatalog_GetDatasetRequest()
            get.dataset = dataset
            #expect(await statusCode { try await handler.getDataset(get) } == .notFound)
            try await Self.createDataset(handler, dataset)
            #expect(await statusCode { try await Self.createDataset(handler, dataset) } == .alreadyExists)
            #expect(await statusCode { try await handler.getArtifact(Self.byTag("inputs-1", dataset)) } == .notFound)

            let literal: [UInt8] = [0x0A, 0x05, 0x0A, 0x03, 0x08, 0x2A, 0x00, 0xFF]  // bytes are kept as sent
            let id = UUID().uuidString.lowercased()
            _ = try await handler.createArtifact(Self.artifact(id, dataset, value: literal))
            #expect(
                await statusCode { try await handler.createArtifact(Self.artifact(id, dataset, value: [1])) }
                    == .alreadyExists)
            _ = try await handler.addTag(Self.tagRequest("inputs-1", id, dataset))

            let hit = try await handler.getArtifact(Self.byTag("inputs-1", dataset)).artifact
            #expect(hit.id == id && Array(hit.data[0].value) == literal && hit.data[0].name == "o0")
            #expect(hit.metadata.keyMap == ["execution-name": "a1b2"] && hit.tags.map(\.name) == ["inputs-1"])
            #expect(hit.dataset == dataset && hit.hasCreatedAt)
            // Again, from the hot cache.
            #expect(try await handler.getArtifact(Self.byTag("inputs-1", dataset)).artifact == hit)
            var byID = Datacatalog_GetArtifactRequest()
            byID.dataset = dataset
            byID.artifactID = id
            #expect(Array(try await handler.getArtifact(byID).artifact.data[0].value) == literal)
            byID.dataset = Self.datasetID(version: "2.0-other")
            #expect(await statusCode { try await handler.getArtifact(byID) } == .notFound)

            // GetDataset is answered without PostgreSQL after the first call: with the row gone
            // behind the service's back, the answer still comes.
            _ = try await handler.getDataset(get)
            _ = try await TestDatabase.scalar(url, "DELETE FROM datasets WHERE name = 'flyte_task-wf.square'")
            #expect(try await handler.getDataset(get).dataset.id == dataset)
        }
    }

    @Test func aTagIsNeverMovedAndTheLoserOfARaceGetsAlreadyExists() async throws {
        try await withFlyteService { service, _ in
            let handler = DataCatalogHandler(service: service)
            let dataset = Self.datasetID()
            try await Self.createDataset(handler, dataset)
            let ids = (0..<8).map { _ in UUID().uuidString.lowercased() }
            let codes = await withTaskGroup(of: RPCError.Code?.self) { group in
                for (index, id) in ids.enumerated() {
                    group.addTask {
                        _ = try? await handler.createArtifact(Self.artifact(id, dataset, value: [UInt8(index)]))
                        return await statusCode { try await handler.addTag(Self.tagRequest("shared", id, dataset)) }
                    }
                }
                return await group.reduce(into: [RPCError.Code?]()) { $0.append($1) }
            }
            #expect(codes.filter { $0 == nil }.count == 1)
            #expect(codes.filter { $0 == .alreadyExists }.count == ids.count - 1)
            let winner = try await handler.getArtifact(Self.byTag("shared", dataset)).artifact.id
            for id in ids {
                #expect(
                    await statusCode { try await handler.addTag(Self.tagRequest("shared", id, dataset)) }
                        == .alreadyExists)
            }
            #expect(try await handler.getArtifact(Self.byTag("shared", dataset)).artifact.id == winner)
        }
    }

    @Test func malformedRequestsAreInvalidArgumentNamingTheField() async throws {
        try await withFlyteService { service, _ in
            let handler = DataCatalogHandler(service: service)
            let dataset = Self.datasetID()
            try await Self.createDataset(handler, dataset, keys: ["region"])
            var noData = Self.artifact(UUID().uuidString, dataset, value: [1], partitions: ["region": "eu"])
            noData.artifact.data = []
            #expect(await statusCode { try await handler.createArtifact(noData) } == .invalidArgument)
            let badID = Self.artifact("not-a-uuid", dataset, value: [1], partitions: ["region": "eu"])
            #expect(await statusCode { try await handler.createArtifact(badID) } == .invalidArgument)
            let wrongKeys = Self.artifact(UUID().uuidString, dataset, value: [1], partitions: ["zone": "a"])
            #expect(await statusCode { try await handler.createArtifact(wrongKeys) } == .invalidArgument)
            var noProject = dataset
            noProject.project = ""
            var get = Datacatalog_GetDatasetRequest()
            get.dataset = noProject
            do {
                _ = try await handler.getDataset(get)
                Issue.record("a dataset without a project was accepted")
            } catch {
                let status = RPCError(cairn: error)
                #expect(status.code == .invalidArgument && status.message.contains("dataset.project"))
            }
            var neither = Datacatalog_GetArtifactRequest()
            neither.dataset = dataset
            #expect(await statusCode { try await handler.getArtifact(neither) } == .invalidArgument)
            var badToken = Datacatalog_ListArtifactsRequest()
            badToken.dataset = dataset
            badToken.pagination.token = "garbage"
            #expect(await statusCode { try await handler.listArtifacts(badToken) } == .invalidArgument)
            var datasetFilter = Datacatalog_ListArtifactsRequest()
            datasetFilter.dataset = dataset
            var single = Datacatalog_SinglePropertyFilter()
            single.datasetFilter.project = "p"
            datasetFilter.filter.filters = [single]
            #expect(await statusCode { try await handler.listArtifacts(datasetFilter) } == .invalidArgument)
            var noOwner = Datacatalog_GetOrExtendReservationRequest()
            noOwner.reservationID.datasetID = dataset
            noOwner.reservationID.tagName = "t"
            #expect(await statusCode { try await handler.getOrExtendReservation(noOwner) } == .invalidArgument)
        }
    }

    @Test func updateReplacesDataAndMetadataByTagOrIdAndMissesAreNotFound() async throws {
        try await withFlyteService { service, _ in
            let handler = DataCatalogHandler(service: service)
            let dataset = Self.datasetID()
            try await Self.createDataset(handler, dataset)
            let id = UUID().uuidString.lowercased()
            var two = Self.artifact(id, dataset, value: [1])
            var second = Datacatalog_ArtifactData()
            (second.name, second.value) = ("o1", Data([2]))
            two.artifact.data.append(second)
            _ = try await handler.createArtifact(two)
            _ = try await handler.addTag(Self.tagRequest("t", id, dataset))
            _ = try await handler.getArtifact(Self.byTag("t", dataset))  // warm the hot cache

            var update = Datacatalog_UpdateArtifactRequest()
            update.dataset = dataset
            update.tagName = "t"
            var item = Datacatalog_ArtifactData()
            (item.name, item.value) = ("o0", Data([9, 9]))
            update.data = [item]
            update.metadata.keyMap = ["execution-name": "second"]
            #expect(try await handler.updateArtifact(update).artifactID == id)
            let updated = try await handler.getArtifact(Self.byTag("t", dataset)).artifact
            #expect(updated.data.map(\.name) == ["o0"] && Array(updated.data[0].value) == [9, 9])
            #expect(updated.metadata.keyMap == ["execution-name": "second"])

            update.artifactID = id
            item.value = Data([7])
            update.data = [item]
            #expect(try await handler.updateArtifact(update).artifactID == id)
            #expect(Array(try await handler.getArtifact(Self.byTag("t", dataset)).artifact.data[0].value) == [7])

            update.tagName = "absent"
            #expect(await statusCode { try await handler.updateArtifact(update) } == .notFound)
            update.artifactID = UUID().uuidString
            #expect(await statusCode { try await handler.updateArtifact(update) } == .notFound)
            update.dataset = Self.datasetID(version: "9")
            update.artifactID = id
            #expect(await statusCode { try await handler.updateArtifact(update) } == .notFound)
        }
    }

    @Test func reservationsAreTakenExtendedReportedAndReleasedWithCappedHeartbeats() async throws {
        try await withFlyteService { service, _ in
            var configuration = FlyteConfiguration()
            configuration.maxHeartbeatInterval = .seconds(5)
            let handler = DataCatalogHandler(service: service, configuration: configuration)
            let dataset = Self.datasetID()
            try await Self.createDataset(handler, dataset)
            func reserve(_ owner: String, heartbeat seconds: Int64) async throws -> Datacatalog_Reservation {
                var request = Datacatalog_GetOrExtendReservationRequest()
                request.reservationID.datasetID = dataset
                request.reservationID.tagName = "inputs-1"
                request.ownerID = owner
                request.heartbeatInterval.seconds = seconds
                return try await handler.getOrExtendReservation(request).reservation
            }
            let before = Date()
            let first = try await reserve("exec-a/n0/0", heartbeat: 60)
            #expect(first.ownerID == "exec-a/n0/0" && first.heartbeatInterval.seconds == 5)
            let lease = first.expiresAt.date.timeIntervalSince(before)
            #expect(lease > 14 && lease < 16 + 60, "lease \(lease) s: three capped heartbeats")
            let extended = try await reserve("exec-a/n0/0", heartbeat: 2)
            #expect(extended.ownerID == "exec-a/n0/0" && extended.heartbeatInterval.seconds == 2)
            let other = try await reserve("exec-b/n0/0", heartbeat: 2)
            #expect(other.ownerID == "exec-a/n0/0", "the holder's reservation comes back")
            #expect(other.expiresAt == extended.expiresAt)
            // A cached artifact does not matter to a datacatalog lease.
            let id = UUID().uuidString.lowercased()
            _ = try await handler.createArtifact(Self.artifact(id, dataset, value: [1]))
            _ = try await handler.addTag(Self.tagRequest("inputs-1", id, dataset))
            #expect(try await reserve("exec-a/n0/0", heartbeat: 2).ownerID == "exec-a/n0/0")

            var release = Datacatalog_ReleaseReservationRequest()
            release.reservationID.datasetID = dataset
            release.reservationID.tagName = "inputs-1"
            release.ownerID = "exec-a/n0/0"
            _ = try await handler.releaseReservation(release)
            _ = try await handler.releaseReservation(release)  // nothing held: still OK
            #expect(try await reserve("exec-b/n0/0", heartbeat: 2).ownerID == "exec-b/n0/0")
        }
    }

    @Test func listingsPageByKeysetInBothOrdersWithoutDuplicateOrGap() async throws {
        try await withFlyteService { service, _ in
            let handler = DataCatalogHandler(service: service)
            let dataset = Self.datasetID()
            try await Self.createDataset(handler, dataset, keys: ["region"])
            var ids: [String] = []
            for index in 0..<120 {
                let id = UUID().uuidString.lowercased()
                ids.append(id)
                let region = index % 3 == 0 ? "eu" : "us"
                _ = try await handler.createArtifact(
                    Self.artifact(id, dataset, value: [UInt8(index)], partitions: ["region": region]))
            }
            _ = try await handler.addTag(Self.tagRequest("latest", ids[7], dataset))
            func all(
                _ order: Datacatalog_PaginationOptions.SortOrder, _ filters: [Datacatalog_SinglePropertyFilter] = []
            )
                async throws -> [String]
            {
                var seen: [String] = []
                var token = ""
                for _ in 0..<100 {
                    var request = Datacatalog_ListArtifactsRequest()
                    request.dataset = dataset
                    request.filter.filters = filters
                    request.pagination.limit = 25
                    request.pagination.sortOrder = order
                    request.pagination.token = token
                    let page = try await handler.listArtifacts(request)
                    #expect(page.artifacts.count <= 25)
                    seen += page.artifacts.map(\.id)
                    token = page.nextToken
                    if token.isEmpty { break }
                }
                return seen
            }
            let ascending = try await all(.ascending)
            #expect(ascending == ids)
            #expect(try await all(.descending) == ids.reversed())
            var partition = Datacatalog_SinglePropertyFilter()
            partition.partitionFilter.keyVal.key = "region"
            partition.partitionFilter.keyVal.value = "eu"
            #expect(
                try await all(.ascending, [partition]) == ids.enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
            var tag = Datacatalog_SinglePropertyFilter()
            tag.tagFilter.tagName = "latest"
            #expect(try await all(.descending, [tag]) == [ids[7]])
            var artifact = Datacatalog_SinglePropertyFilter()
            artifact.artifactFilter.artifactID = ids[3]
            #expect(try await all(.ascending, [artifact, partition]) == [ids[3]])

            for version in ["2", "3", "4"] { try await Self.createDataset(handler, Self.datasetID(version: version)) }
            var datasets = Datacatalog_ListDatasetsRequest()
            var project = Datacatalog_SinglePropertyFilter()
            project.datasetFilter.project = "flytesnacks"
            datasets.filter.filters = [project]
            datasets.pagination.limit = 2
            let firstPage = try await handler.listDatasets(datasets)
            #expect(firstPage.datasets.map(\.id.version) == ["4", "3"] && !firstPage.nextToken.isEmpty)
            datasets.pagination.token = firstPage.nextToken
            let secondPage = try await handler.listDatasets(datasets)
            #expect(secondPage.datasets.map(\.id.version) == ["2", "1.0-abc-def"] && secondPage.nextToken.isEmpty)
            var version = Datacatalog_SinglePropertyFilter()
            version.datasetFilter.version = "3"
            datasets.filter.filters = [project, version]
            datasets.pagination = Datacatalog_PaginationOptions()
            #expect(try await handler.listDatasets(datasets).datasets.map(\.id.version) == ["3"])
            version.datasetFilter.version = ""
            datasets.filter.filters = [project, version]
            #expect(await statusCode { try await handler.listDatasets(datasets) } == .invalidArgument)
        }
    }

    @Test func anOrgIsKeptInFrontOfTheProjectAndComesBack() async throws {
        try await withFlyteService { service, _ in
            let handler = DataCatalogHandler(service: service)
            var dataset = Self.datasetID()
            dataset.org = "acme"
            try await Self.createDataset(handler, dataset)
            var get = Datacatalog_GetDatasetRequest()
            get.dataset = dataset
            #expect(try await handler.getDataset(get).dataset.id == dataset)
            #expect(
                try await service.dataset(
                    try DatasetID(parsing: "acme:flytesnacks/development/flyte_task-wf.square/1.0-abc-def")
                ).id.project == "acme:flytesnacks")
            dataset.org = ""
            get.dataset = dataset
            #expect(await statusCode { try await handler.getDataset(get) } == .notFound)
            // Without an org, a project spelled like org:project would meet the org's datasets.
            dataset.project = "acme:flytesnacks"
            get.dataset = dataset
            #expect(await statusCode { try await handler.getDataset(get) } == .invalidArgument)
        }
    }
}

extension Google_Protobuf_Timestamp {
    var date: Date { Date(timeIntervalSince1970: Double(seconds) + Double(nanos) / 1e9) }
}
