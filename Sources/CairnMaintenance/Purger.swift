import CairnCore
import CairnStore
import Foundation

/// Runs a purge: fixes the selected set, reports it (a dry run stops there), deletes it in bounded
/// batches (each its own transaction, so readers see an artifact whole or not at all and lookups
/// never wait long behind a purge), then collects the blob objects nothing references any more.
/// Blocking: run it on a thread of its own.
public struct Purger: Sendable {
    /// How a purge paces itself.
    public struct Configuration: Sendable {
        /// Artifacts per transaction.
        public var batchSize = 500
        /// A pause after each batch, to leave the database to live traffic.
        public var pause: Duration = .zero

        public init() {}
    }

    /// How far a running purge is.
    public struct Progress: Sendable, Equatable {
        public var selected: Int64
        public var deleted: Int64
        public var batches: Int
    }

    public let configuration: Configuration
    /// Deletes the blob objects afterwards; `nil` leaves them queued (for a server's sweeper, or a
    /// later purge that knows the blob directory).
    public let collector: BlobCollector?

    public init(configuration: Configuration = Configuration(), collector: BlobCollector?) {
        self.configuration = configuration
        self.collector = collector
    }

    /// Purges what `selection` picks. `progress` is called after the selection and after every
    /// batch; `deleted` gets each batch's candidate ids once it is committed (to drop them from a
    /// hot cache at once).
    /// - Throws: ``CairnError/Code/invalidArgument`` for an invalid selection, or what PostgreSQL
    ///   reported; batches committed before an error stay deleted, and running it again continues.
    public func run(
        _ selection: PurgeSelection, dryRun: Bool, on connection: MaintenanceConnection,
        progress: (Progress) -> Void = { _ in }, deleted: ([ArtifactID]) -> Void = { _ in }
    ) throws -> PurgeSummary {
        let started = Date()
        let selected = try connection.selectPurgeVictims(selection, now: started)
        var summary = try connection.purgeVictimsSummary()
        summary.dryRun = dryRun
        var state = Progress(selected: selected, deleted: 0, batches: 0)
        progress(state)
        if dryRun {
            try connection.dropPurgeVictims()
            summary.seconds = Date().timeIntervalSince(started)
            return summary
        }
        while true {
            let batch = try PurgeBatch.retryingConflicts {
                try connection.purgeNextBatch(selection, now: started, limit: configuration.batchSize)
            }
            guard !batch.candidates.isEmpty else { break }
            state.deleted += batch.deleted
            state.batches += 1
            deleted(batch.candidates)
            progress(state)
            FailPoints.check("purge.batch-committed")
            if configuration.pause > .zero { Thread.sleep(forTimeInterval: configuration.pause.timeInterval) }
        }
        try connection.dropPurgeVictims()
        summary.artifacts = state.deleted
        summary.batches = state.batches
        if let collector {
            let report = try collector.collect(on: connection)
            summary.blobsDeleted = report.deleted
            summary.blobsDeferred = report.deferred
        } else {
            summary.blobsDeferred = try connection.queuedBlobDeletionCount()
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }
}
