import Foundation

/// A cache hit: what `CACHE.GET` returns for a live artifact.
public struct CachedArtifact: Hashable, Sendable {
    /// The artifact the tag points at.
    public var id: ArtifactID
    /// Data items in name order; a blob item's value is a ``DataItem/Value/blob(_:)`` reference.
    public var items: [DataItem]
    /// Free-form metadata given with the put.
    public var metadata: [String: String]
    /// When the artifact was created.
    public var createdAt: Date
    /// When an overwrite last replaced its data; `nil` if never (or not known to the reader).
    public var updatedAt: Date?
    /// When the cache stops returning it; `nil` for never.
    public var expiresAt: Date?
    /// Every blob the artifact references (item blobs and declared references).
    public var blobs: [BlobReference]

    /// A hit made by hand (tests, fakes); the client reads them from replies.
    public init(
        id: ArtifactID, items: [DataItem], metadata: [String: String] = [:], createdAt: Date, updatedAt: Date? = nil,
        expiresAt: Date? = nil, blobs: [BlobReference] = []
    ) {
        self.id = id
        self.items = items
        self.metadata = metadata
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
        self.blobs = blobs
    }

    /// The item called `name`, if any.
    public subscript(item name: String) -> DataItem? { items.first { $0.name == name } }

    /// The hit an artifact gives: what the cache path needs of it.
    public init(_ artifact: Artifact) {
        self.init(
            id: artifact.id, items: artifact.items, metadata: artifact.metadata, createdAt: artifact.createdAt,
            updatedAt: artifact.updatedAt, expiresAt: artifact.expiresAt, blobs: artifact.blobs)
    }
}
