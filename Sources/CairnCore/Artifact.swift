import Foundation

/// A stored result: named data items plus metadata, partitions and the tags that point at it.
public struct Artifact: Hashable, Sendable {
    public var id: ArtifactID
    public var dataset: DatasetID
    /// Data items in name order.
    public var items: [DataItem]
    /// Every blob object the artifact references (item blobs and declared references), by URI.
    public var blobs: [BlobReference]
    public var metadata: [String: String]
    public var partitions: [String: String]
    /// Tags pointing at this artifact, sorted. Empty where the read did not ask for them.
    public var tags: [String]
    public var createdAt: Date
    /// When an overwrite last replaced the data; `nil` if never.
    public var updatedAt: Date?
    /// After this moment the cache path treats the artifact as absent; `nil` for never.
    public var expiresAt: Date?
    /// The last recorded cache hit (hits are recorded in batches, so this lags by up to the flush interval).
    public var lastHitAt: Date?
    public var hitCount: Int64
    /// Inline bytes plus the sizes of distinct referenced blobs.
    public var size: Int64
    /// ``ArtifactContent/checksum``: SHA-256 over the items in name order.
    public var checksum: SHA256Digest

    public init(
        id: ArtifactID, dataset: DatasetID, items: [DataItem], blobs: [BlobReference], metadata: [String: String],
        partitions: [String: String], tags: [String], createdAt: Date, updatedAt: Date?, expiresAt: Date?,
        lastHitAt: Date?, hitCount: Int64, size: Int64, checksum: SHA256Digest
    ) {
        self.id = id
        self.dataset = dataset
        self.items = items
        self.blobs = blobs
        self.metadata = metadata
        self.partitions = partitions
        self.tags = tags
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
        self.lastHitAt = lastHitAt
        self.hitCount = hitCount
        self.size = size
        self.checksum = checksum
    }

    /// The item called `name`, if any.
    public subscript(item name: String) -> DataItem? { items.first { $0.name == name } }

    /// Whether the artifact has expired at `now`.
    public func isExpired(at now: Date = Date()) -> Bool {
        guard let expiresAt else { return false }
        return expiresAt <= now
    }
}
