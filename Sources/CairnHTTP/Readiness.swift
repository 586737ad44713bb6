import CairnBlobs
import CairnService
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// What `GET /readyz` checks: PostgreSQL answers a trivial query through the catalog service within
/// `timeout`, and the blob directory is a directory this process may read, write and enter.
struct Readiness: Sendable {
    let service: CatalogService
    let blobDirectory: String?
    let timeout: Duration

    /// What is not ready, one short reason per part; empty when ready.
    func problems() async -> [String] {
        async let database = databaseProblem()
        async let blobs = blobProblem()
        return [await database, await blobs].compactMap { $0 }
    }

    private func databaseProblem() async -> String? {
        do {
            try await service.ping(timeout: timeout)
            return nil
        } catch {
            return "postgresql: \(error)"
        }
    }

    /// A `stat` and an `access` of the directory, on NIO's blocking thread pool: a file system that
    /// hangs (a lost network mount) must not hold an event loop or the cooperative pool.
    private func blobProblem() async -> String? {
        guard let directory = blobDirectory else { return nil }
        do {
            return try await NIOThreadPool.singleton.runIfActive { Self.directoryProblem(directory) }
        } catch {
            return "blobs: \(directory) was not checked: \(error)"
        }
    }

    static func directoryProblem(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return "blobs: \(path): \(String(cString: strerror(errno)))" }
        guard status.st_mode & S_IFMT == S_IFDIR else { return "blobs: \(path) is not a directory" }
        guard access(path, R_OK | W_OK | X_OK) == 0 else {
            return "blobs: \(path): \(String(cString: strerror(errno)))"
        }
        return nil
    }
}
