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

    /// The directory.
    public var description: String { root }

    public func put(_ bytes: [UInt8]) async throws -> BlobReference {
        try await BlobThreads.run { try putSynchronously(bytes) }
    }

    public func put(file path: String) async throws -> BlobReference {
        try await BlobThreads.run {
            let (digest, size) = try BlobFile.digest(of: path)
            let reference = try BlobReference(uri: uri(of: digest), size: size, sha256: digest)
            let target = self.path(of: digest)
            if utimes(target, nil) == 0, Self.object(at: target, holds: reference) { return reference }
            try Self.makeDirectory((target as NSString).deletingLastPathComponent)
            let temporary = (target as NSString).deletingLastPathComponent + "/.tmp-\(UUID().uuidString)"
            do {
                try BlobFile.compress(path, to: temporary, level: configuration.compressionLevel, sync: true)
                guard rename(temporary, target) == 0 else { throw BlobFile.failure("rename \(temporary)") }
            } catch {
                unlink(temporary)
                throw error
            }
            return reference
        }
    }

    public func get(_ reference: BlobReference) async throws -> [UInt8] {
        try await BlobThreads.run { try getSynchronously(reference) }
    }

    public func get(_ reference: BlobReference, into path: String) async throws {
        try await BlobThreads.run {
            let source = try localPath(reference)
            guard FileManager.default.fileExists(atPath: source) else {
                throw Self.missing(reference, root: root)
            }
            try BlobFile.expand(source, to: path, reference: reference, name: root)
        }
    }

    /// Stores `bytes` on the calling thread (blocking).
    func putSynchronously(_ bytes: [UInt8]) throws -> BlobReference {
        let digest = SHA256Digest.of(bytes)
        let reference = try BlobReference(uri: uri(of: digest), size: Int64(bytes.count), sha256: digest)
        let target = path(of: digest)
        // An object that exists already is touched: its modification time is when it was last
        // written or reused, and garbage collection spares objects younger than its grace period,
        // so a reference about to be put cannot lose its object to a collection in between. It is
        // reused only when it holds exactly these bytes: a damaged object (truncated, emptied,
        // overwritten) is replaced, never handed out again. Reading it back costs far less than
        // the compression and fsync a new write would.
        if utimes(target, nil) == 0, Self.object(at: target, holds: reference) { return reference }
        let compressed = try Zlib.compress(bytes, level: configuration.compressionLevel)
        try Self.writeAtomically(compressed, to: target)
        return reference
    }

    /// Reads a reference's content on the calling thread (blocking).
    func getSynchronously(_ reference: BlobReference) throws -> [UInt8] {
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

    /// A missing object; ``CairnError/Code/unavailable`` when the whole directory is gone.
    public func exists(_ reference: BlobReference) async throws -> Bool {
        let path = try localPath(reference)
        return try await BlobThreads.run {
            var info = stat()
            if stat(path, &info) == 0 { return true }
            let error = errno
            guard error == ENOENT || error == ENOTDIR else { throw BlobFile.failure("check \(path)", error) }
            guard stat(root, &info) == 0 else {
                throw CairnError(.unavailable, "blob store: the directory \(root) is missing")
            }
            return false
        }
    }

    @discardableResult
    public func delete(_ digest: SHA256Digest) async throws -> Bool {
        let target = path(of: digest)
        return try await BlobThreads.run {
            if unlink(target) == 0 { return true }
            if errno == ENOENT { return false }
            throw BlobFile.failure("delete \(target)")
        }
    }

    public func object(_ digest: SHA256Digest) async throws -> StoredObject? {
        let target = path(of: digest)
        return try await BlobThreads.run {
            var info = stat()
            guard stat(target, &info) == 0 else {
                let error = errno
                if error == ENOENT || error == ENOTDIR { return nil }
                throw BlobFile.failure("check \(target)", error)
            }
            return Self.stored(info)
        }
    }

    public func shutdown() async {}

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
