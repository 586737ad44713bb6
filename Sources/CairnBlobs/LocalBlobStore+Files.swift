import CairnCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension LocalBlobStore {
    /// Writes `bytes` to a temporary file beside `path`, flushes it to disk and renames it over `path`.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try makeDirectory(directory)
        let temporary = "\(directory)/.tmp-\(UUID().uuidString)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("create \(temporary)") }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let result = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += result
            }
            return fsync(descriptor) == 0
        }
        let error = failure("write \(temporary)")
        close(descriptor)
        guard ok else {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("rename \(temporary)")
            unlink(temporary)
            throw error
        }
    }

    /// Creates `directory` (mode 0700) and any missing parents. Its own errors are reported as they
    /// are (a read-only file system, a denied permission, a path that is not a directory), not as
    /// the "No such file or directory" a file created in it would then fail with.
    static func makeDirectory(_ directory: String) throws {
        if mkdir(directory, 0o700) == 0 { return }
        let error = errno
        switch error {
        case EEXIST:
            var info = stat()
            guard stat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw CairnError(
                    .unavailable, "blob store: cannot create \(directory): it exists and is not a directory")
            }
        case ENOENT:
            let parent = (directory as NSString).deletingLastPathComponent
            guard !parent.isEmpty, parent != directory else { throw failure("create \(directory)", error) }
            try makeDirectory(parent)
            if mkdir(directory, 0o700) != 0, errno != EEXIST { throw failure("create \(directory)") }
        default:
            throw failure("create \(directory)", error)
        }
    }

    /// The bytes of the object at `path`.
    /// - Throws: ``CairnError/Code/notFound`` only when the object is gone from a blob directory
    ///   that is there; ``CairnError/Code/unavailable`` when the directory itself is gone (unmounted,
    ///   removed) or the object cannot be read (permissions, I/O), which say nothing about the object.
    static func readObject(_ path: String, reference: BlobReference, root: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let error = errno
            guard error == ENOENT || error == ENOTDIR else { throw failure("read \(path)", error) }
            var info = stat()
            guard stat(root, &info) == 0 else {
                throw CairnError(.unavailable, "blob store: the directory \(root) is missing")
            }
            throw CairnError(.notFound, "blob \(reference.sha256.hex) is missing from \(root)")
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read \(path)")
            }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// Whether the object at `path` decompresses to exactly the content of `reference` (false when
    /// it is unreadable, not zlib, longer, shorter or different). Streams: nothing is held whole.
    static func object(at path: String, holds reference: BlobReference) -> Bool {
        do {
            let file = try BlobFile(reading: path)
            let check = ContentCheck(reference: reference, name: path)
            let inflater = try ZlibStream(.inflate)
            try file.readChunks { chunk in try inflater.feed(chunk, last: false, emit: check.add) }
            try inflater.feed(UnsafeRawBufferPointer(start: nil, count: 0), last: true, emit: check.add)
            try check.finish()
            return true
        } catch {
            return false
        }
    }

    /// ``CairnError/Code/notFound`` for a missing object, or ``CairnError/Code/unavailable`` when the
    /// directory as a whole is gone (unmounted, removed), which says nothing about the object.
    static func missing(_ reference: BlobReference, root: String) -> CairnError {
        var info = stat()
        guard stat(root, &info) == 0 else {
            return CairnError(.unavailable, "blob store: the directory \(root) is missing")
        }
        return CairnError(.notFound, "blob \(reference.sha256.hex) is missing from \(root)")
    }

    static func stored(_ info: stat) -> StoredObject {
        let modified = Date(
            timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
        return StoredObject(storedSize: Int64(info.st_size), modified: modified)
    }

    private static func failure(_ what: String, _ error: Int32 = errno) -> CairnError {
        CairnError(.unavailable, "blob store: cannot \(what): \(String(cString: strerror(error)))")
    }
}
