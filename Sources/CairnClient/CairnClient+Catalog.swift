import CairnCore
import CairnProtocol
import Foundation

/// The catalog: listings and server information.
extension CairnClient {
    /// `INFO [section]`: the server's `# Section` headers and `key:value` lines, as Redis writes them.
    /// ``ServerInfo/parse(_:)`` reads them.
    public func info(section: String? = nil) async throws -> String {
        let reply = try await send(["INFO"] + (section.map { [$0] } ?? []))
        return try await decoding { try reply.string("INFO reply") }
    }

    /// `DATASET.LIST`: one page of datasets, in id order.
    public func listDatasets(_ filter: DatasetFilter = DatasetFilter(), page: PageRequest = PageRequest()) async throws
        -> Page<Dataset>
    {
        var arguments = ["DATASET.LIST"]
        if let project = filter.project { arguments += ["PROJECT", project] }
        if let domain = filter.domain { arguments += ["DOMAIN", domain] }
        if let prefix = filter.namePrefix { arguments += ["PREFIX", prefix] }
        arguments += Self.pageArguments(page)
        return try await decoding {
            try CatalogWire.page(from: try await send(arguments), field: "DATASET.LIST", CatalogWire.dataset)
        }
    }

    /// `ARTIFACT.LIST`: one page of a dataset's artifacts, only the one `tag` points at if given.
    /// Listings leave inline values out: their items are ``DataItem/Value/omitted(size:)``.
    public func listArtifacts(dataset: DatasetID, tag: TagName? = nil, page: PageRequest = PageRequest()) async throws
        -> Page<Artifact>
    {
        try await listArtifacts(dataset: dataset, filter: ArtifactFilter(tag: tag), page: page)
    }

    /// `ARTIFACT.LIST`: one page of a dataset's artifacts matching every field of `filter`, oldest
    /// first. Inline values are ``DataItem/Value/omitted(size:)`` unless `filter.includeValues`.
    public func listArtifacts(dataset: DatasetID, filter: ArtifactFilter, page: PageRequest = PageRequest())
        async throws -> Page<Artifact>
    {
        var arguments = ["ARTIFACT.LIST", dataset.description]
        if let tag = filter.tag { arguments += ["TAG", tag.value] }
        for key in filter.partitions.keys.sorted() { arguments += ["PARTITION", key, filter.partitions[key]!] }
        if let from = filter.createdFrom { arguments += ["CREATED-FROM", Self.milliseconds(from)] }
        if let before = filter.createdBefore { arguments += ["CREATED-BEFORE", Self.milliseconds(before)] }
        if filter.includeValues { arguments.append("VALUES") }
        arguments += Self.pageArguments(page)
        return try await decoding {
            try CatalogWire.page(from: try await send(arguments), field: "ARTIFACT.LIST", CatalogWire.artifact)
        }
    }

    private static func milliseconds(_ date: Date) -> String {
        String(date.unixMilliseconds)
    }

    private static func pageArguments(_ page: PageRequest) -> [String] {
        ["LIMIT", String(page.limit)] + (page.cursor.map { ["CURSOR", $0] } ?? [])
    }
}

/// What `INFO` returns, read into sections.
public enum ServerInfo {
    /// Reads `# Section` headers and `key:value` lines into sections keyed by their lower-cased name;
    /// lines before any header go under `""`.
    public static func parse(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current = ""
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") {
                current = trimmed.dropFirst().trimmingCharacters(in: .whitespaces).lowercased()
                sections[current, default: [:]] = sections[current] ?? [:]
            } else if let colon = trimmed.firstIndex(of: ":") {
                sections[current, default: [:]][String(trimmed[..<colon])] = String(
                    trimmed[trimmed.index(after: colon)...])
            }
        }
        return sections
    }
}
