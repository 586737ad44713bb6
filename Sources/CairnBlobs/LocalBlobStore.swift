import CairnCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A blob store in a local directory: each object is the zlib-compressed content, at
/// `<root>/<first two hex digits>/<sha256 hex>.z`, written to a temporary file, flushed and renamed
/// into place so a reader never sees half an object. URIs are `file://<absolute path>`.
public struct LocalBlobStore: BlobStore {
    /// How the store compresses and what it accepts.
    public struct Configuration: Sendable {
        /// The directory that holds the objects; created when missing.
        public var root: String
        /// zlib level (0...9) for new objects.
        public var compressionLevel: Int32 = 6
        /// Largest object content it will read back, in bytes (guards decompression).
        public var maxObjectSize = 1 << 32
        public init(root: String) { self.root = root }
    }

    public let configuration: Configuration
    /// The absolute path of the root directory.
    public let root: String

    /// Opens (and creates, mode 0700) the directory.
    public init(configuration: Configuration) throws {
        self.configuration = configuration
        let url = URL(fileURLWithPath: configuration.root).standardizedFileURL
        root = url.path
        do {
            // Only the store's own directory is private: parents created on the way (the data
            // directory, say) get the usual mode, so the embedded PostgreSQL can still enter them.
            try FileManager.default.createDirectory(
                atPath: (root as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                atPath: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CairnError(.unavailable, "blob store: cannot create \(root): \(error.localizedDescription)")
        }
    }

    /// Opens the directory `root` with the default settings.
    public init(root: String) throws {
        try self.init(configuration: Configuration(root: root))
    }

    /// The path of the object holding content with `digest`.
    public func path(of digest: SHA256Digest) -> String {
        let hex = digest.hex
        return "\(root)/\(hex.prefix(2))/\(hex).z"
    }

    /// The URI of the object holding content with `digest`.
    public func uri(of digest: SHA256Digest) -> String { "file://" + path(of: digest) }

    public func put(_ bytes: [UInt8]) throws -> BlobReference {
        let digest = SHA256Digest.of(bytes)
        let reference = try BlobReference(uri: uri(of: digest), size: Int64(bytes.count), sha256: digest)
        let target = path(of: digest)
        // An object that exists already is touched: its modification time is when it was last
        // written or reused, and garbage collection spares objects younger than its grace period,
        // so a reference about to be put cannot lose its object to a collection in between. It is
        // reused only when it holds exactly these bytes: a damaged object (truncated, emptied,
        // overwritten) is replaced, never handed out again. Reading it back costs far less than
        // the compression and fsync a new write would.
        if utimes(target, nil) == 0, Self.object(at: target, holds: bytes) { return reference }
        let compressed = try Zlib.compress(bytes, level: configuration.compressionLevel)
        try Self.writeAtomically(compressed, to: target)
        return reference
    }

    public func get(_ reference: BlobReference) throws -> [UInt8] {
        let path = try localPath(reference)
        let data = try Self.readObject(path, reference: reference, root: root)
        let content: [UInt8]
        do {
            content = try Zlib.decompress(
                data, maxOutput: Int(min(Int64(configuration.maxObjectSize), reference.size)))
        } catch let error as CairnError {
            throw CairnError(.conflict, "blob \(reference.sha256.hex) is corrupt: \(error.message)")
        }
        guard Int64(content.count) == reference.size, SHA256Digest.of(content) == reference.sha256 else {
            throw CairnError(
                .conflict,
                "blob \(reference.sha256.hex) does not match its reference "
                    + "(\(content.count) bytes, expected \(reference.size))")
        }
        return content
    }

    public func exists(_ reference: BlobReference) throws -> Bool {
        FileManager.default.fileExists(atPath: try localPath(reference))
    }

    @discardableResult
    public func delete(_ digest: SHA256Digest) throws -> Bool {
        let target = path(of: digest)
        if unlink(target) == 0 { return true }
        if errno == ENOENT { return false }
        throw CairnError(.unavailable, "blob store: cannot delete \(target): \(String(cString: strerror(errno)))")
    }

    /// The stored (compressed) size and the last write or reuse of the object for `digest`, or `nil`
    /// when there is none.
    public func object(_ digest: SHA256Digest) -> StoredObject? {
        var info = stat()
        guard stat(path(of: digest), &info) == 0 else { return nil }
        let modified = Date(
            timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
        return StoredObject(storedSize: Int64(info.st_size), modified: modified)
    }

    /// Whether `uri` names an object of this store (as opposed to a blob kept elsewhere).
    public func owns(_ uri: String, digest: SHA256Digest) -> Bool { uri == self.uri(of: digest) }

    /// The path a reference names, which must be inside this store.
    private func localPath(_ reference: BlobReference) throws -> String {
        let expected = path(of: reference.sha256)
        guard reference.uri == "file://" + expected else {
            throw CairnError.invalid("blob uri", "\(reference.uri) is not an object of the blob store in \(root)")
        }
        return expected
    }
}

/// What the file system says about a stored object.
public struct StoredObject: Sendable, Equatable {
    /// Bytes on disk (compressed).
    public var storedSize: Int64
    /// When it was last written or reused by ``LocalBlobStore/put(_:)``.
    public var modified: Date
}
