/// A workflow value: an input or output of a task, with a canonical binary encoding that gives the
/// same bytes (and so the same cache key) for the same value on every run and machine.
public indirect enum Literal: Hashable, Sendable {
    case int(Int64)
    case float(Double)
    case string(String)
    case bool(Bool)
    case bytes([UInt8])
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    case datetime(nanoseconds: Int64)
    /// A length of time in nanoseconds.
    case duration(nanoseconds: Int64)
    /// A file: where it is, and what it holds (size and SHA-256), which is what the cache key uses.
    case file(FileLiteral)
    case list([Literal])
    /// String keys to values; the encoding orders the keys.
    case map([String: Literal])
    /// A struct's fields by name.
    case structure([String: Literal])
    /// A value moved to the blob store because it was large: the reference stands in for it.
    case offloaded(OffloadedLiteral)
}

/// A file value: a path or URI and the digest of its bytes.
public struct FileLiteral: Hashable, Sendable {
    /// A local path or a URI (`file:///…`, `s3://…`).
    public var uri: String
    /// Size of the file in bytes.
    public var size: Int64
    /// SHA-256 of the file's bytes: the cache key hashes this, never the uri.
    public var sha256: SHA256Digest
    public init(uri: String, size: Int64, sha256: SHA256Digest) {
        self.uri = uri
        self.size = size
        self.sha256 = sha256
    }
}

/// A large value kept in the blob store: the canonical encoding of the value, zlib-compressed.
public struct OffloadedLiteral: Hashable, Sendable {
    /// Where the blob store keeps it.
    public var uri: String
    /// Size of the value's canonical encoding, in bytes (before compression).
    public var size: Int64
    /// SHA-256 of the value's canonical encoding: the cache key hashes this, never the uri.
    public var sha256: SHA256Digest
    /// The type of the value it stands for.
    public var type: LiteralType
    public init(uri: String, size: Int64, sha256: SHA256Digest, type: LiteralType) {
        self.uri = uri
        self.size = size
        self.sha256 = sha256
        self.type = type
    }
}
