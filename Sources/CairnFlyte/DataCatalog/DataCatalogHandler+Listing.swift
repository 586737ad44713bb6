import CairnCore
import CairnFlyteProtocol
import GRPCCore

extension DataCatalogHandler {
    /// A dataset's artifacts with their data, filtered by tag, partitions and artifact id (EQUALS),
    /// in creation order (newest first unless ASCENDING, as Flyte), a keyset page at a time.
    func listArtifacts(_ request: Datacatalog_ListArtifactsRequest) async throws -> Datacatalog_ListArtifactsResponse {
        let dataset = try request.dataset.cairnID()
        var filter = ArtifactFilter(includeValues: true)
        for single in request.filter.filters {
            try Self.checkOperator(single)
            switch single.propertyFilter {
            case .tagFilter(let tag)?:
                guard case .tagName(let name)? = tag.property else { throw Self.emptyFilter("tag_filter") }
                guard filter.tag == nil || filter.tag?.value == name else { return .init() }
                filter.tag = try TagName(name)
            case .partitionFilter(let partition)?:
                guard case .keyVal(let pair)? = partition.property else { throw Self.emptyFilter("partition_filter") }
                guard filter.partitions[pair.key].map({ $0 == pair.value }) ?? true else { return .init() }
                filter.partitions[pair.key] = pair.value
            case .artifactFilter(let artifact)?:
                guard case .artifactID(let text)? = artifact.property else {
                    throw Self.emptyFilter("artifact_filter")
                }
                let id = try ArtifactID(parsing: text)
                guard filter.artifactID == nil || filter.artifactID == id else { return .init() }
                filter.artifactID = id
            case .datasetFilter?:
                throw RPCError.invalid("filter", "ListArtifacts takes tag, partition and artifact filters, not dataset")
            case nil:
                throw Self.emptyFilter("filter")
            }
        }
        let pagination = try Self.pagination(request.pagination)
        filter.newestFirst = pagination.newestFirst
        let page = try await service.listArtifacts(dataset, filter: filter, page: pagination.page)
        var response = Datacatalog_ListArtifactsResponse()
        response.artifacts = try page.items.map(Datacatalog_Artifact.init)
        response.nextToken = page.nextCursor ?? ""
        return response
    }

    /// Datasets filtered by project, domain, name, version and org (EQUALS), in creation order.
    func listDatasets(_ request: Datacatalog_ListDatasetsRequest) async throws -> Datacatalog_ListDatasetsResponse {
        var properties: [String: String] = [:]
        for single in request.filter.filters {
            try Self.checkOperator(single)
            guard case .datasetFilter(let dataset)? = single.propertyFilter else {
                throw RPCError.invalid("filter", "ListDatasets takes dataset filters only")
            }
            let (key, value): (String, String)
            switch dataset.property {
            case .project(let given)?: (key, value) = ("project", given)
            case .domain(let given)?: (key, value) = ("domain", given)
            case .name(let given)?: (key, value) = ("name", given)
            case .version(let given)?: (key, value) = ("version", given)
            case .org(let given)?: (key, value) = ("org", given)
            case nil: throw Self.emptyFilter("dataset_filter")
            }
            // An empty value names nothing (Flyte refuses it too); an empty org is no org.
            guard !value.isEmpty || key == "org" else { throw RPCError.invalid("dataset_filter.\(key)", "is empty") }
            guard properties[key].map({ $0 == value }) ?? true else { return .init() }
            properties[key] = value
        }
        if let org = properties["org"], !org.isEmpty {
            guard let project = properties["project"] else {
                throw RPCError.invalid(
                    "filter", "an org filter needs a project filter (Cairn keys datasets by org:project)")
            }
            properties["project"] = "\(org):\(project)"
        }
        let pagination = try Self.pagination(request.pagination)
        let filter = DatasetFilter(
            project: properties["project"], domain: properties["domain"], name: properties["name"],
            version: properties["version"], order: pagination.newestFirst ? .newestFirst : .oldestFirst)
        let page = try await service.listDatasets(filter, page: pagination.page)
        var response = Datacatalog_ListDatasetsResponse()
        response.datasets = page.items.map(Datacatalog_Dataset.init)
        response.nextToken = page.nextCursor ?? ""
        return response
    }

    /// Flyte's page size when none is given.
    static let defaultPageSize = 50

    /// The page and order a request's pagination asks for.
    static func pagination(_ options: Datacatalog_PaginationOptions) throws -> (page: PageRequest, newestFirst: Bool) {
        guard case .creationTime = options.sortKey else {
            throw RPCError.invalid("pagination.sortKey", "only CREATION_TIME is supported")
        }
        let newestFirst: Bool
        switch options.sortOrder {
        case .descending: newestFirst = true
        case .ascending: newestFirst = false
        case .UNRECOGNIZED(let value): throw RPCError.invalid("pagination.sortOrder", "unknown value \(value)")
        }
        let limit = options.limit == 0 ? defaultPageSize : Int(options.limit)
        let page = PageRequest(limit: limit, cursor: options.token.isEmpty ? nil : options.token)
        return (page, newestFirst)
    }

    static func checkOperator(_ filter: Datacatalog_SinglePropertyFilter) throws {
        guard case .equals = filter.operator else {
            throw RPCError.invalid("filter.operator", "only EQUALS is supported")
        }
    }

    static func emptyFilter(_ field: String) -> RPCError { RPCError.invalid(field, "names no property") }
}
