import CairnCore
import CairnProtocol
import NIOCore

extension CommandExecutor {
    /// Replies to a store lookup's result: at once, or, for a hit that references objects of the
    /// checked blob store, once the checker found them all (from its thread). A hit with an object
    /// gone is answered as a miss, is not cached, and its artifact is queued for deletion.
    func reply(
        to artifact: Artifact?, _ dataset: DatasetID, _ tag: TagName, ticket: HotCache.Ticket, version: RESPVersion,
        done: @escaping @Sendable (ByteBuffer) -> Void
    ) {
        guard let artifact, let blobChecker else {
            return done(storeReply(artifact, dataset, tag, ticket: ticket, version: version))
        }
        let owned = blobChecker.owned(artifact)
        guard !owned.isEmpty else { return done(storeReply(artifact, dataset, tag, ticket: ticket, version: version)) }
        blobChecker.firstMissing(owned) { [self] missing in
            guard let missing else { return done(storeReply(artifact, dataset, tag, ticket: ticket, version: version)) }
            stats.increment(.blobMissing)
            stats.increment(.misses)
            // A concurrent lookup may have cached it while the object was still there.
            hotCache.invalidate(artifact: artifact.id)
            blobChecker.demote(artifact, missing: missing)
            done(RESPValue.null.encoded(version: version))
        }
    }
}
