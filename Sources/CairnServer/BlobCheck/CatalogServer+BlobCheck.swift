import CairnBlobs
import CairnCore
import Logging

extension CatalogServer {
    /// Whether a `CACHE.GET` (or `CACHE.MGET`) hit read from the store has its blob objects checked
    /// before it is answered. Hot hits are not checked again.
    public enum BlobCheck: Sendable {
        /// Hits are answered as the catalog has them.
        case off
        /// Every object of the local blob store (``Configuration/blobStore``) that a hit references
        /// must exist (one `stat` each, on a thread of the server's own); references to other stores
        /// are not checked. A hit with an object gone is answered as a miss, not cached, and its
        /// artifact is deleted in the background. Without a blob store there is nothing to check.
        case exists
    }

    /// The checker a configuration asks for, if any.
    static func makeBlobChecker(_ configuration: Configuration, logger: Logger) -> BlobChecker? {
        guard configuration.blobCheck == .exists, let blobs = configuration.blobStore else { return nil }
        return BlobChecker(blobs: blobs, logger: logger)
    }

    /// Deletes the artifacts the checker found missing an object until it is finished. A failure is
    /// logged: the row stays, and the next lookup that finds the object gone queues it again.
    func runDemotions(_ checker: BlobChecker) async {
        for await id in checker.demotions {
            do {
                _ = try await executor.store.deleteArtifact(id)
            } catch {
                logger.warning(
                    "could not delete an artifact whose blob is gone",
                    metadata: ["artifact": "\(id)", "error": "\(error)"])
            }
        }
    }
}
