import ArgumentParser
import CairnClient
import CairnCore

/// `cairn ls [<dataset>] [--meta k=v]…`: datasets, or one dataset's artifacts, following cursors to the end.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List datasets, or the artifacts of one dataset.")

    @OptionGroup var client: ClientOptions

    @Argument(help: "A dataset (project/domain/name/version) whose artifacts to list; none lists datasets.")
    var dataset: String?

    @Option(help: "Only datasets of this project.")
    var project: String?

    @Option(help: "Only datasets of this domain.")
    var domain: String?

    @Option(help: "Only datasets whose name starts with this.")
    var prefix: String?

    @Option(help: "Only the artifact this tag points at.")
    var tag: String?

    @Option(
        name: .customLong("meta"),
        help: "Only datasets or artifacts with this metadata entry, key=value; repeatable, all must match.")
    var metadata: [String] = []

    @Option(help: "List at most this many (default: all).")
    var limit: Int?

    func validate() throws {
        if let limit, limit <= 0 { throw ValidationError("--limit must be a positive integer, got \(limit)") }
        if dataset != nil, project != nil || domain != nil || prefix != nil {
            throw ValidationError("--project, --domain and --prefix filter datasets; give no dataset with them")
        }
        if dataset == nil, tag != nil { throw ValidationError("--tag needs a dataset") }
    }

    func run() async throws {
        var metadata = MetadataFilter()
        for text in self.metadata {
            let pair = try ClientArguments.pair(text, what: "--meta")
            metadata.require(pair.key, equals: pair.value)
        }
        if let dataset {
            let id = try ClientArguments.dataset(dataset)
            let filter = ArtifactFilter(tag: try tag.map(ClientArguments.tag), metadata: metadata)
            let artifacts = try await client.withClient { client in
                try await Self.collect(limit: limit) {
                    try await client.listArtifacts(dataset: id, filter: filter, page: $0)
                }
            }
            try printArtifacts(artifacts, dataset: id)
        } else {
            let filter = DatasetFilter(project: project, domain: domain, namePrefix: prefix, metadata: metadata)
            let datasets = try await client.withClient { client in
                try await Self.collect(limit: limit) { try await client.listDatasets(filter, page: $0) }
            }
            try printDatasets(datasets)
        }
    }

    /// Fetches pages, passing each page's cursor to the next request, until the last page or `limit` items.
    static func collect<Element>(
        limit: Int?, pageSize: Int = 500, _ fetch: (PageRequest) async throws -> Page<Element>
    ) async throws -> [Element] {
        var items: [Element] = []
        var request = PageRequest(limit: min(pageSize, limit ?? pageSize))
        while true {
            let page = try await fetch(request)
            items += page.items
            if let limit, items.count >= limit { return Array(items.prefix(limit)) }
            // A page without a cursor is the last; an empty one with a cursor would loop forever.
            guard let cursor = page.nextCursor, !page.items.isEmpty else { return items }
            request = PageRequest(limit: min(pageSize, (limit ?? .max) - items.count), cursor: cursor)
        }
    }

    private func printDatasets(_ datasets: [Dataset]) throws {
        if client.json {
            try ClientOutput.printJSON([
                "datasets": datasets.map { dataset in
                    [
                        "id": dataset.id.description, "metadata": dataset.metadata,
                        "partition_keys": dataset.partitionKeys,
                        "created": ClientOutput.milliseconds(dataset.createdAt),
                    ] as [String: Any]
                }
            ])
        } else {
            for dataset in datasets { print(dataset.id) }
        }
    }

    private func printArtifacts(_ artifacts: [Artifact], dataset: DatasetID) throws {
        if client.json {
            try ClientOutput.printJSON(["dataset": dataset.description, "artifacts": artifacts.map(Self.json)])
            return
        }
        for artifact in artifacts {
            print(
                "\(artifact.id)  tags=\(artifact.tags.joined(separator: ","))  size=\(artifact.size)"
                    + "  created=\(ClientOutput.text(artifact.createdAt))  expires=\(ClientOutput.text(artifact.expiresAt))"
                    + (Lineage(metadata: artifact.metadata).map { "  from=\($0.execution)/\($0.node)#\($0.attempt)" }
                        ?? "")
            )
        }
    }

    static func json(_ artifact: Artifact) -> [String: Any] {
        [
            "id": artifact.id.description, "dataset": artifact.dataset.description,
            "data": ClientOutput.json(artifact.items), "blobs": artifact.blobs.map(ClientOutput.json),
            "metadata": artifact.metadata, "partitions": artifact.partitions, "tags": artifact.tags,
            "created": ClientOutput.milliseconds(artifact.createdAt),
            "updated": ClientOutput.milliseconds(artifact.updatedAt),
            "expires": ClientOutput.milliseconds(artifact.expiresAt),
            "last_hit": ClientOutput.milliseconds(artifact.lastHitAt), "hits": artifact.hitCount,
            "size": artifact.size, "checksum": artifact.checksum.hex,
        ]
    }
}
