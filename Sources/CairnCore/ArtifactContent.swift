import Crypto

/// The content of an artifact as a writer gives it: validated, items sorted by name, blob references
/// deduplicated, with the size and checksum the catalog stores.
public struct ArtifactContent: Hashable, Sendable {
    /// Data items, sorted by name, names unique.
    public let items: [DataItem]
    /// Every referenced blob: the item blobs plus declared references, unique by URI, sorted by URI.
    public let blobs: [BlobReference]
    public let metadata: [String: String]
    /// Inline bytes plus the sizes of the distinct blobs.
    public let size: Int64
    /// SHA-256 over the items in name order (see ``checksum(of:)``).
    public let checksum: SHA256Digest

    /// Validates `items`, `declaredBlobs` and `metadata` against `limits`.
    /// - Throws: ``CairnError/Code/invalidArgument`` or ``CairnError/Code/limitExceeded``.
    public init(
        items: [DataItem], declaredBlobs: [BlobReference] = [], metadata: [String: String] = [:],
        limits: CatalogLimits = CatalogLimits()
    ) throws {
        if items.count > limits.maxItems {
            throw CairnError.limit("data", "has \(items.count) items", limit: limits.maxItems)
        }
        let sorted = items.sorted { $0.name < $1.name }
        var inlineTotal = 0
        var blobsByURI: [String: BlobReference] = [:]
        for (index, item) in sorted.enumerated() {
            if index > 0, sorted[index - 1].name == item.name {
                throw CairnError.invalid("data", "item \"\(item.name)\" is given twice")
            }
            switch item.value {
            case .inline(let bytes):
                if bytes.count > limits.maxInlineValueBytes {
                    throw CairnError.limit(
                        "data item \(item.name)", "is \(bytes.count) bytes",
                        limit: limits.maxInlineValueBytes)
                }
                inlineTotal += bytes.count
            case .blob(let reference):
                if let known = blobsByURI[reference.uri], known != reference {
                    throw CairnError.invalid(
                        "blob \(reference.uri)",
                        "is referenced twice with different size or sha256")
                }
                blobsByURI[reference.uri] = reference
            case .omitted:
                throw CairnError.invalid("data item \(item.name)", "has no value")
            }
        }
        if inlineTotal > limits.maxArtifactInlineBytes {
            throw CairnError.limit("data", "has \(inlineTotal) inline bytes", limit: limits.maxArtifactInlineBytes)
        }
        for reference in declaredBlobs {
            if let known = blobsByURI[reference.uri], known != reference {
                throw CairnError.invalid("blob \(reference.uri)", "is declared twice with different size or sha256")
            }
            blobsByURI[reference.uri] = reference
        }
        if blobsByURI.count > limits.maxBlobs {
            throw CairnError.limit("blobs", "has \(blobsByURI.count) references", limit: limits.maxBlobs)
        }
        try limits.validateMetadata(metadata)
        // Blob sizes come from the writer and may be anything up to Int64.max: sum them without trapping.
        var size = Int64(inlineTotal)
        for reference in blobsByURI.values {
            let (sum, overflow) = size.addingReportingOverflow(reference.size)
            if overflow { throw CairnError.limit("blobs", "total size does not fit in 64 bits", limit: Int(Int64.max)) }
            size = sum
        }
        self.items = sorted
        self.blobs = blobsByURI.values.sorted { $0.uri < $1.uri }
        self.metadata = metadata
        self.size = size
        self.checksum = Self.checksum(of: sorted)
    }

    /// SHA-256 over each item in name order: name length (4 bytes, big endian), name, then
    /// `0x00`, length (8 bytes) and bytes for an inline value, or `0x01`, size (8 bytes) and the
    /// blob's SHA-256 for a blob. The same items always give the same checksum.
    public static func checksum(of sortedItems: [DataItem]) -> SHA256Digest {
        var hasher = SHA256()
        func append(_ integer: some FixedWidthInteger) {
            withUnsafeBytes(of: integer.bigEndian) { hasher.update(bufferPointer: $0) }
        }
        for item in sortedItems {
            append(UInt32(item.name.utf8.count))
            hasher.update(data: Array(item.name.utf8))
            switch item.value {
            case .inline(let bytes):
                hasher.update(data: [0])
                append(UInt64(bytes.count))
                hasher.update(data: bytes)
            case .blob(let reference):
                hasher.update(data: [1])
                append(UInt64(reference.size))
                hasher.update(data: reference.sha256.bytes)
            case .omitted(let size):
                hasher.update(data: [2])
                append(UInt64(size))
            }
        }
        return SHA256Digest(bytes: Array(hasher.finalize()))!
    }
}
