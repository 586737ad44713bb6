import CairnStore

extension CatalogServer {
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
