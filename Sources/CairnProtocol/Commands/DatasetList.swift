import CairnCore

/// `DATASET.LIST [PROJECT p] [DOMAIN d] [PREFIX x] [META k v]… [LIMIT n] [CURSOR c]`: one page of datasets.
public struct DatasetList: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "DATASET.LIST", arity: -1, flags: [.readonly], role: .reader,
        summary: "datasets by project, domain, name prefix and metadata, one page at a time")

    public var filter: DatasetFilter
    public var page: PageRequest

    public init(filter: DatasetFilter = DatasetFilter(), page: PageRequest = PageRequest()) {
        self.filter = filter
        self.page = page
    }

    public init(from arguments: inout Arguments) throws {
        self.init()
        let allowed: Set = ["PROJECT", "DOMAIN", "PREFIX", "META", "LIMIT", "CURSOR"]
        while let option = try arguments.option(of: Self.spec.name, allowed: allowed) {
            switch option {
            case "PROJECT": filter.project = try arguments.value(of: option)
            case "DOMAIN": filter.domain = try arguments.value(of: option)
            case "PREFIX": filter.namePrefix = try arguments.value(of: option)
            case "META": try arguments.metadataCondition(into: &filter.metadata)
            case "LIMIT": page.limit = try arguments.pageLimit()
            default: page.cursor = try arguments.value(of: option)
            }
        }
    }

    public func encode(into arguments: inout ArgumentWriter) {
        arguments.append("PROJECT", filter.project)
        arguments.append("DOMAIN", filter.domain)
        arguments.append("PREFIX", filter.namePrefix)
        arguments.append(metadataFilter: filter.metadata)
        arguments.append(page: page)
    }

    /// `[next-cursor | null, [dataset, …]]`.
    public typealias Reply = Page<Dataset>

    public func encodeReply(_ reply: Page<Dataset>) -> RESPValue { CatalogWire.page(reply, CatalogWire.dataset) }

    public func decodeReply(_ value: RESPValue) throws -> Page<Dataset> {
        try CatalogWire.page(from: value, field: Self.spec.name, CatalogWire.dataset)
    }
}
