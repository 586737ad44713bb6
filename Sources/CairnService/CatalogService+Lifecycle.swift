import CairnCore
import CairnStore

extension CatalogService {
    /// Starts the change listener. Call before serving: whatever is
    /// cached from then on is covered by notifications or a resync.
    public func start() async {
        await changes?.start()
    }

    /// Runs beside the front ends until ``finish()``: deletes artifacts whose blobs the check found
    /// gone, and hands hot-cache hits to the store twice a second (so they count for `last_hit_at`
    /// like store hits), once more at the end.
    public func runBackground() async {
        await withDiscardingTaskGroup { group in
            if let blobChecker { group.addTask { await self.runDemotions(blobChecker) } }
            while !Task.isCancelled, !finished.withLock({ $0 }) {
                try? await Task.sleep(for: .milliseconds(500))
                store.recordHits(hotCache.drainHits())
            }
            store.recordHits(hotCache.drainHits())
        }
    }

    /// Ends ``runBackground()`` once the queued demotions are done (the front ends have drained).
    public func finish() {
        finished.withLock { $0 = true }
        blobChecker?.finishDemotions()
    }

    /// Stops the change listener and the blob checker.
    public func stop() async {
        await changes?.stop()
        await blobChecker?.shutdown()
    }

    /// Deletes the artifacts the checker found missing an object until it is finished. A failure is
    /// logged: the row stays, and the next lookup that finds the object gone queues it again.
    private func runDemotions(_ checker: BlobChecker) async {
        for await id in checker.demotions {
            do {
                _ = try await store.deleteArtifact(id)
            } catch {
                logger.warning(
                    "could not delete an artifact whose blob is gone",
                    metadata: ["artifact": "\(id)", "error": "\(error)"])
            }
        }
    }

    /// The listener that applies changes made elsewhere (other servers, SQL) to the hot cache, or
    /// `nil` when the configuration turns it off or there is no hot cache to keep true.
    static func makeChangeListener(
        _ configuration: Configuration, store: CairnStore, hotCache: HotCache, stats: ServerStats
    ) -> NotificationListener? {
        guard configuration.listensForChanges, hotCache.isEnabled else { return nil }
        return store.makeNotificationListener(
            onArtifacts: { ids in
                stats.increment(.invalidationsReceived, by: ids.count)
                hotCache.invalidate(artifacts: ids)
            },
            onResync: {
                // Notifications were missed while the connection was down: nothing cached can be trusted.
                stats.increment(.hotCacheResyncs)
                hotCache.removeAll()
            })
    }
}
