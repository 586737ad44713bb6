import Foundation

/// A dataset: the family of artifacts one task version produces.
public struct Dataset: Hashable, Sendable {
    public var id: DatasetID
    /// Free-form string metadata.
    public var metadata: [String: String]
    /// The partition keys every artifact of this dataset must give a value for.
    public var partitionKeys: [String]
    public var createdAt: Date

    public init(id: DatasetID, metadata: [String: String] = [:], partitionKeys: [String] = [], createdAt: Date = Date())
    {
        self.id = id
        self.metadata = metadata
        self.partitionKeys = partitionKeys
        self.createdAt = createdAt
    }
}
