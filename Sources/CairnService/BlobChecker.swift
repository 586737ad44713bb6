import CairnBlobs
import CairnCore
import Logging
import Synchronization

/// Checks that the objects of the blob store that a store hit references still exist, in a task of
/// its own (the store does its `stat` or HEAD off the event loop and the cooperative pool), never
/// on the store's worker thread that delivered the hit. Artifacts whose missing objects it finds
/// are queued in ``demotions`` for the server to delete.
final class BlobChecker: Sendable {
    let blobs: any BlobStore
    /// Artifacts to delete because an object they reference is gone, in the order found.
    let demotions: AsyncStream<ArtifactID>
    private let queue: AsyncStream<ArtifactID>.Continuation
    private let logger: Logger
    /// Whether a store that cannot answer was reported (once until it answers again, not per lookup).
    private let reportedUnavailable = Atomic(false)

    init(blobs: any BlobStore, logger: Logger) {
        self.blobs = blobs
        self.logger = logger
        (demotions, queue) = AsyncStream.makeStream(of: ArtifactID.self, bufferingPolicy: .bufferingOldest(10_000))
    }

    /// Ends ``demotions`` once what is queued has been taken.
    func finishDemotions() { queue.finish() }

    /// Ends ``demotions``; checks under way finish on their own.
    func shutdown() async {
        queue.finish()
    }

    /// The references of `artifact` that name objects of this store; usually none, and then there
    /// is nothing to check (blobs kept elsewhere are not checked).
    func owned(_ artifact: Artifact) -> [BlobReference] {
        artifact.blobs.filter { blobs.owns($0.uri, digest: $0.sha256) }
    }

    /// Calls `completion` from a task with the first reference whose object is gone, or `nil`.
    func firstMissing(_ references: [BlobReference], completion: @escaping @Sendable (BlobReference?) -> Void) {
        Task { completion(await self.firstMissing(references)) }
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

    /// Only a missing object counts; a check that fails (permissions, I/O, a blob directory gone as
    /// a whole, an S3 endpoint that does not answer) says nothing about the artifact.
    private func firstMissing(_ references: [BlobReference]) async -> BlobReference? {
        for reference in references {
            do {
                if try await blobs.exists(reference) { continue }
            } catch {
                if !reportedUnavailable.exchange(true, ordering: .relaxed) {
                    logger.warning(
                        "cannot check blobs: they are not checked until the store answers",
                        metadata: ["store": "\(blobs)", "error": "\(error)"])
                }
                return nil
            }
            reportedUnavailable.store(false, ordering: .relaxed)
            return reference
        }
        return nil
    }
}
