import CairnCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension LocalBlobStore {
    /// Writes `bytes` to a temporary file beside `path`, flushes it to disk and renames it over `path`.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
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

    /// Whether the object at `path` decompresses to exactly `bytes` (false when it is unreadable,
    /// not zlib, longer, shorter or different).
    static func object(at path: String, holds bytes: [UInt8]) -> Bool {
        guard let data = FileManager.default.contents(atPath: path),
            let content = try? Zlib.decompress(Array(data), maxOutput: bytes.count)
        else { return false }
        return content == bytes
    }

    private static func failure(_ what: String) -> CairnError {
        CairnError(.unavailable, "blob store: cannot \(what): \(String(cString: strerror(errno)))")
    }
}
