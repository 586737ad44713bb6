import CairnCore

/// `ARTIFACT.LIST dataset [TAG t] [PARTITION k v]… [META k v]… [CREATED-FROM ms] [CREATED-BEFORE ms] [VALUES]
/// [LIMIT n] [CURSOR c]`: one page of a dataset's artifacts, oldest first.
public struct ArtifactList: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "ARTIFACT.LIST", arity: -2, flags: [.readonly], role: .reader, keys: (1, 1, 1),
        summary: "a dataset's artifacts by tag, partitions, metadata and creation time, one page at a time")

    public var dataset: DatasetID
    public var filter: ArtifactFilter
    public var page: PageRequest

    public init(dataset: DatasetID, filter: ArtifactFilter = ArtifactFilter(), page: PageRequest = PageRequest()) {
        self.dataset = dataset
        self.filter = filter
        self.page = page
    }

    public init(from arguments: inout Arguments) throws {
        self.init(dataset: try arguments.dataset())
        let allowed: Set = ["TAG", "PARTITION", "META", "CREATED-FROM", "CREATED-BEFORE", "VALUES", "LIMIT", "CURSOR"]
        while let option = try arguments.option(of: Self.spec.name, allowed: allowed) {
            switch option {
            case "TAG":
                guard arguments.remaining > 0 else { throw CommandError("TAG needs a value") }
                filter.tag = try arguments.tag()
            case "PARTITION": try arguments.partitionEntry(into: &filter.partitions)
            case "META": try arguments.metadataCondition(into: &filter.metadata)
            case "CREATED-FROM": filter.createdFrom = try arguments.unixMilliseconds(option)
            case "CREATED-BEFORE": filter.createdBefore = try arguments.unixMilliseconds(option)
            case "VALUES": filter.includeValues = true
            case "LIMIT": page.limit = try arguments.pageLimit()
            default: page.cursor = try arguments.value(of: option)
            }
        }
    }

    public func encode(into arguments: inout ArgumentWriter) {
        arguments.append(dataset.description)
        arguments.append("TAG", filter.tag?.value)
        for key in filter.partitions.keys.sorted() {
            arguments.append("PARTITION")
            arguments.append(key)
            arguments.append(filter.partitions[key]!)
        }
        arguments.append(metadataFilter: filter.metadata)
        arguments.append("CREATED-FROM", filter.createdFrom.map { String($0.unixMilliseconds) })
        arguments.append("CREATED-BEFORE", filter.createdBefore.map { String($0.unixMilliseconds) })
        arguments.append(flag: "VALUES", filter.includeValues)
        arguments.append(page: page)
    }

    /// `[next-cursor | null, [artifact, …]]`; without `VALUES` inline values are their sizes.
    public typealias Reply = Page<Artifact>

    public func encodeReply(_ reply: Page<Artifact>) -> RESPValue { CatalogWire.page(reply, CatalogWire.artifact) }

    public func decodeReply(_ value: RESPValue) throws -> Page<Artifact> {
        try CatalogWire.page(from: value, field: Self.spec.name, CatalogWire.artifact)
    }
}
