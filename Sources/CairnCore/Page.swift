import Foundation

/// One page of a keyset-paginated listing.
public struct Page<Element: Sendable>: Sendable {
    public var items: [Element]
    /// Pass to the next request to continue after the last item; `nil` on the last page.
    public var nextCursor: String?

    public init(items: [Element], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

extension Page: Equatable where Element: Equatable {}

/// Where a listing starts and how much it returns.
public struct PageRequest: Hashable, Sendable {
    /// How many items at most (clamped to ``CatalogLimits/maxPageSize``).
    public var limit: Int
    /// The ``Page/nextCursor`` of the previous page, or `nil` for the first.
    public var cursor: String?

    public init(limit: Int = 100, cursor: String? = nil) {
        self.limit = limit
        self.cursor = cursor
    }
}

/// Which datasets a listing returns. Fields combine with AND.
public struct DatasetFilter: Hashable, Sendable {
    public var project: String?
    public var domain: String?
    public var namePrefix: String?
    /// Exactly this name (Flyte's dataset property filter).
    public var name: String?
    /// Exactly this version.
    public var version: String?
    /// Only datasets whose metadata has every one of these entries.
    public var metadata: MetadataFilter
    /// The listing's order. A cursor continues only in the order that made it.
    public var order: Order

    /// How a dataset listing is ordered.
    public enum Order: Hashable, Sendable {
        /// By (project, domain, name, version).
        case identity
        /// By creation time, oldest first.
        case oldestFirst
        /// By creation time, newest first.
        case newestFirst
    }

    public init(
        project: String? = nil, domain: String? = nil, namePrefix: String? = nil, name: String? = nil,
        version: String? = nil, metadata: MetadataFilter = [:], order: Order = .identity
    ) {
        self.project = project
        self.domain = domain
        self.namePrefix = namePrefix
        self.name = name
        self.version = version
        self.metadata = metadata
        self.order = order
    }
}

/// Which artifacts of a dataset a listing returns. Fields combine with AND.
public struct ArtifactFilter: Hashable, Sendable {
    /// Only the artifact this tag points at.
    public var tag: TagName?
    /// Only artifacts with every one of these partition values.
    public var partitions: [String: String]
    /// Only artifacts whose metadata has every one of these entries.
    public var metadata: MetadataFilter
    /// Created at or after.
    public var createdFrom: Date?
    /// Created strictly before.
    public var createdBefore: Date?
    /// Return inline values too (listings omit them by default).
    public var includeValues: Bool
    /// Only this artifact.
    public var artifactID: ArtifactID?
    /// Newest first; oldest first by default. A cursor continues in the order that made it.
    public var newestFirst: Bool

    public init(
        tag: TagName? = nil, partitions: [String: String] = [:], metadata: MetadataFilter = [:],
        createdFrom: Date? = nil, createdBefore: Date? = nil, includeValues: Bool = false,
        artifactID: ArtifactID? = nil, newestFirst: Bool = false
    ) {
        self.tag = tag
        self.partitions = partitions
        self.metadata = metadata
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
        self.includeValues = includeValues
        self.artifactID = artifactID
        self.newestFirst = newestFirst
    }
}
