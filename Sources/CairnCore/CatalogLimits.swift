/// Size and count limits for what one request may write. Every field has a safe default and is
/// configurable (`cairn serve --max-…`), so an oversized request gets a clear
/// ``CairnError/Code/limitExceeded`` naming the limit instead of exhausting memory.
public struct CatalogLimits: Hashable, Sendable {
    /// Most data items in one artifact.
    public var maxItems = 256
    /// Largest inline value of one data item, in bytes (larger values belong in the blob store).
    public var maxInlineValueBytes = 16 << 20
    /// Largest sum of inline values in one artifact, in bytes.
    public var maxArtifactInlineBytes = 64 << 20
    /// Most blob references in one artifact.
    public var maxBlobs = 1024
    /// Most metadata entries on one artifact or dataset.
    public var maxMetadataEntries = 64
    /// Longest metadata value, in bytes.
    public var maxMetadataValueBytes = 4096
    /// Most tags given in one create.
    public var maxTags = 64
    /// Most partitions on one artifact or partition keys on one dataset.
    public var maxPartitions = 32
    /// Largest page a listing returns.
    public var maxPageSize = 1000

    public init() {}

    /// Longest metadata key or partition key, in bytes.
    public static let maxKeyLength = 128
    /// Longest partition value, in bytes.
    public static let maxPartitionValueLength = 256
    /// Longest reservation owner, in bytes.
    public static let maxOwnerLength = 256
}

extension CatalogLimits {
    /// Checks a metadata map against the limits: keys are names, values bounded UTF-8.
    public func validateMetadata(_ metadata: [String: String], field: String = "metadata") throws {
        try validateMetadataEntries(metadata, field: field)
    }

    /// Checks a listing's metadata filter as metadata is checked, each condition an entry.
    public func validateMetadataFilter(_ filter: MetadataFilter) throws {
        try validateMetadataEntries(filter.entries, field: "metadata filter")
    }

    private func validateMetadataEntries<Entries: Collection>(_ entries: Entries, field: String) throws
    where Entries.Element == (key: String, value: String) {
        if entries.count > maxMetadataEntries {
            throw CairnError.limit(field, "has \(entries.count) entries", limit: maxMetadataEntries)
        }
        for (key, value) in entries {
            try Identifier.validateName(key, field: "\(field) key", maxLength: Self.maxKeyLength)
            if value.utf8.count > maxMetadataValueBytes {
                throw CairnError.limit(
                    "\(field) value of \(key)", "is \(value.utf8.count) bytes",
                    limit: maxMetadataValueBytes)
            }
        }
    }

    /// Checks partitions: keys are names, values visible ASCII tokens.
    public func validatePartitions(_ partitions: [String: String]) throws {
        if partitions.count > maxPartitions {
            throw CairnError.limit("partitions", "has \(partitions.count) entries", limit: maxPartitions)
        }
        for (key, value) in partitions {
            try Identifier.validateName(key, field: "partition key", maxLength: Self.maxKeyLength)
            try Identifier.validateToken(
                value, field: "partition value of \(key)",
                maxLength: Self.maxPartitionValueLength)
        }
    }

    /// Clamps a requested page size into `1...maxPageSize`.
    public func pageSize(_ requested: Int) -> Int { min(max(requested, 1), maxPageSize) }
}
