import CairnBlobs
import CairnCore
import Logging
import NIOPosix
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Checks that the objects of the local blob store that a store hit references still exist, on a
/// small thread pool of its own: a `stat` may block, so never on an event loop or on the store's
/// worker thread that delivered the hit. Artifacts whose missing objects it finds are queued in
/// ``demotions`` for the server to delete.
final class BlobChecker: Sendable {
    let blobs: LocalBlobStore
    /// Artifacts to delete because an object they reference is gone, in the order found.
    let demotions: AsyncStream<ArtifactID>
    private let queue: AsyncStream<ArtifactID>.Continuation
    private let pool: NIOThreadPool
    private let logger: Logger
    /// Whether the missing blob directory was reported (once until it is back, not per lookup).
    private let reportedMissingRoot = Atomic(false)

    init(blobs: LocalBlobStore, threads: Int = 2, logger: Logger) {
        self.blobs = blobs
        self.logger = logger
        self.pool = NIOThreadPool(numberOfThreads: threads)
        (demotions, queue) = AsyncStream.makeStream(of: ArtifactID.self, bufferingPolicy: .bufferingOldest(10_000))
    }

    func start() { pool.start() }

    /// Ends ``demotions`` once what is queued has been taken.
    func finishDemotions() { queue.finish() }

    /// Lets queued checks finish and stops the threads.
    func shutdown() async {
        queue.finish()
        try? await pool.shutdownGracefully()
    }

    /// The references of `artifact` that name objects of this store; usually none, and then there
    /// is nothing to check (blobs kept elsewhere are not checked).
    func owned(_ artifact: Artifact) -> [BlobReference] {
        artifact.blobs.filter { blobs.owns($0.uri, digest: $0.sha256) }
    }

    /// Calls `completion` on a thread of the pool with the first reference whose object is gone, or
    /// `nil`. (Once the pool has stopped, the check runs on the calling thread: it is one `stat`.)
    func firstMissing(_ references: [BlobReference], completion: @escaping @Sendable (BlobReference?) -> Void) {
        pool.submit { _ in completion(self.firstMissing(references)) }
    }

    /// Logs a hit answered as a miss and queues its artifact for deletion.
    func demote(_ artifact: Artifact, missing: BlobReference) {
        logger.warning(
            "a cache hit references a blob that is gone: answered as a miss, deleting the artifact",
            metadata: ["artifact": "\(artifact.id)", "sha256": "\(missing.sha256.hex)", "uri": "\(missing.uri)"])
        if case .dropped = queue.yield(artifact.id) {
            logger.warning(
                "too many artifacts waiting for deletion: this one stays", metadata: ["artifact": "\(artifact.id)"])
        }
    }

    /// Only a missing object counts; a `stat` that fails otherwise (permissions, I/O), or a blob
    /// directory that is gone as a whole (unmounted, removed), says nothing about the artifact.
    private func firstMissing(_ references: [BlobReference]) -> BlobReference? {
        var info = stat()
        for reference in references {
            let path = blobs.path(of: reference.sha256)
            if stat(path, &info) == 0 { continue }
            let error = errno
            guard error == ENOENT || error == ENOTDIR else {
                logger.warning(
                    "cannot check a blob",
                    metadata: ["path": "\(path)", "error": "\(String(cString: strerror(error)))"])
                continue
            }
            guard stat(blobs.root, &info) == 0 else {
                if !reportedMissingRoot.exchange(true, ordering: .relaxed) {
                    logger.warning(
                        "the blob directory is missing: blobs are not checked", metadata: ["root": "\(blobs.root)"])
                }
                return nil
            }
            reportedMissingRoot.store(false, ordering: .relaxed)
            return reference
        }
        return nil
    }
}
