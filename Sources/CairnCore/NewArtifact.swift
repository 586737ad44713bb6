/// A catalog create request: an artifact with its content, partitions and tags.
public struct NewArtifact: Hashable, Sendable {
    /// The id to give it; a random one when `nil`.
    public var id: ArtifactID?
    public var dataset: DatasetID
    public var items: [DataItem]
    /// Blob objects the artifact references beyond its blob items.
    public var blobs: [BlobReference]
    public var metadata: [String: String]
    /// One value for each of the dataset's partition keys.
    public var partitions: [String: String]
    /// Tags to point at it; the create fails if any exists already.
    public var tags: [TagName]
    /// Time to live; `nil` for never expiring.
    public var ttl: Duration?

    public init(
        id: ArtifactID? = nil, dataset: DatasetID, items: [DataItem], blobs: [BlobReference] = [],
        metadata: [String: String] = [:], partitions: [String: String] = [:], tags: [TagName] = [],
        ttl: Duration? = nil
    ) {
        self.id = id
        self.dataset = dataset
        self.items = items
        self.blobs = blobs
        self.metadata = metadata
        self.partitions = partitions
        self.tags = tags
        self.ttl = ttl
    }
}

/// Names one artifact: by id, or by the tag that points at it.
public enum ArtifactReference: Hashable, Sendable, CustomStringConvertible {
    case id(ArtifactID)
    case tag(DatasetID, TagName)

    public var description: String {
        switch self {
        case .id(let id): "artifact \(id)"
        case .tag(let dataset, let tag): "tag \(tag) of dataset \(dataset)"
        }
    }
}

/// What an update does to an artifact's expiry.
public enum ExpiryUpdate: Hashable, Sendable {
    /// Leave it as it is.
    case keep
    /// Never expire.
    case never
    /// Expire this long after the update.
    case after(Duration)
}

extension Duration {
    /// Checks a time to live: positive and at most ``NumericRange/ttlSeconds``'s upper bound.
    public func validatedTTL(field: String = "ttl") throws -> Duration {
        let range = NumericRange.ttlSeconds
        guard self > .zero, self <= .seconds(range.upper) else {
            throw CairnError.invalid(field, "must be more than 0 and at most \(range.upper) seconds, got \(self)")
        }
        return self
    }

    /// The duration in seconds, as a `TimeInterval`.
    public var timeInterval: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
