import CairnCore

extension CairnStore {
    /// A listener (not started) for the artifact change notifications of this store's database,
    /// with the store's connection timeout and logger.
    /// - Parameters:
    ///   - onArtifacts: called with the ids of artifacts that changed or went.
    ///   - onResync: called after a reconnect, when notifications may have been missed.
    public func makeNotificationListener(
        onArtifacts: @escaping @Sendable ([ArtifactID]) -> Void, onResync: @escaping @Sendable () -> Void
    ) -> NotificationListener {
        var listener = NotificationListener.Configuration(databaseURL: configuration.databaseURL)
        listener.connectTimeout = configuration.connectTimeout
        return NotificationListener(
            configuration: listener, logger: logger, onArtifacts: onArtifacts, onResync: onResync)
    }
}
