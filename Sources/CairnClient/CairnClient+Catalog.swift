import CairnCore
import CairnProtocol
import Foundation

/// The catalog: listings and server information.
extension CairnClient {
    /// `INFO [section]`: the server's `# Section` headers and `key:value` lines, as Redis writes them.
    /// ``ServerInfo/parse(_:)`` reads them.
    public func info(section: String? = nil) async throws -> String {
        try await send(Info(sections: section.map { [$0] } ?? []))
    }

    /// `DATASET.LIST`: one page of datasets, in id order.
    public func listDatasets(_ filter: DatasetFilter = DatasetFilter(), page: PageRequest = PageRequest()) async throws
        -> Page<Dataset>
    {
        try await send(DatasetList(filter: filter, page: page))
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
        try await send(ArtifactList(dataset: dataset, filter: filter, page: page))
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
