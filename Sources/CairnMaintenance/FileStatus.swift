import CairnCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `lstat` says about a path, and the few file operations fsck needs, with errors that name
/// the path and the reason. A path that does not exist is `nil`, never an error: for fsck that is a
/// finding, while any other failure (permissions, I/O) stops the run rather than pass for drift.
struct FileStatus: Sendable, Equatable {
    var isDirectory: Bool
    var isRegularFile: Bool
    var size: Int64
    var modified: Date

    /// The status of `path` (not following a symbolic link), or `nil` when there is nothing there.
    static func of(_ path: String) throws -> FileStatus? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw failure("stat", path)
        }
        let type = info.st_mode & mode_t(S_IFMT)
        return FileStatus(
            isDirectory: type == mode_t(S_IFDIR), isRegularFile: type == mode_t(S_IFREG), size: Int64(info.st_size),
            modified: Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9))
    }

    /// The names in directory `path`, sorted.
    static func names(in path: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw CairnError(.unavailable, "fsck: cannot list \(path): \(error.localizedDescription)")
        }
    }

    /// The bytes of the file at `path`, or `nil` when there is none.
    static func contents(of path: String) throws -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw failure("open", path)
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var info = stat()
        if fstat(descriptor, &info) == 0 { bytes.reserveCapacity(Int(info.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read", path)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Removes the file at `path`; `false` when it was already gone.
    static func remove(_ path: String) throws -> Bool {
        if unlink(path) == 0 { return true }
        if errno == ENOENT { return false }
        throw failure("delete", path)
    }

    private static func failure(_ what: String, _ path: String) -> CairnError {
        CairnError(.unavailable, "fsck: cannot \(what) \(path): \(String(cString: strerror(errno)))")
    }
}
