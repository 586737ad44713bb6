/// A pointer to an object in the blob store: the catalog keeps these, never the blob's bytes.
public struct BlobReference: Hashable, Sendable {
    /// Longest blob URI, in bytes.
    public static let maxURILength = 2048

    /// Where the object lives (`file:///…`, `s3://bucket/key`).
    public let uri: String
    /// The object's size in bytes.
    public let size: Int64
    /// The SHA-256 of the object's content: what garbage collection and `fsck` check against.
    public let sha256: SHA256Digest

    /// Validates the URI (1...2048 bytes of visible ASCII) and the size (not negative).
    /// - Throws: ``CairnError/Code/invalidArgument``.
    public init(uri: String, size: Int64, sha256: SHA256Digest) throws {
        try Identifier.validateToken(uri, field: "blob uri", maxLength: Self.maxURILength)
        guard size >= 0 else { throw CairnError.invalid("blob size", "must not be negative, got \(size)") }
        self.uri = uri
        self.size = size
        self.sha256 = sha256
    }
}
