import CairnBlobs
import CairnCore
import CairnStore
import Foundation
import Logging
import ServiceLifecycle

/// Purges expired artifacts in the background, so a TTL is the server's truth and not a client
/// convention, and retries the blob deletion queue. Each sweep opens a connection of its own and
/// takes an advisory lock, so of several servers on one database one sweeps at a time.
public final class ExpirySweeper: Service, Sendable {
    /// When and how a sweep runs.
    public struct Configuration: Sendable {
        /// Time between sweeps; zero turns the sweeper off.
        public var interval: Duration = .seconds(60)
        /// Batching of the deletion.
        public var purge = Purger.Configuration()
        /// Grace period and batching of the blob collection (when there is a blob store).
        public var collector = BlobCollector.Configuration()
        /// How long the record of a removed cache key is kept for `CACHE.EXPLAIN` (which says when and
        /// why the entry went); older records are trimmed by each sweep.
        public var removalRecords: Duration = .seconds(30 * 86_400)

        public init() {}
    }

    /// The advisory lock every sweeper takes (an arbitrary constant: "cairnexp").
    static let lockKey: Int64 = 0x6361_6972_6E65_7870

    public let configuration: Configuration
    private let databaseURL: String
    private let purger: Purger
    private let logger: Logger
    private let onSwept: @Sendable (PurgeSummary) -> Void

    /// A sweeper for the catalog at `databaseURL`, collecting blobs from `blobStore` if given;
    /// `onSwept` hears of every sweep that ran (to count the expired artifacts).
    public init(
        databaseURL: String, blobStore: (any BlobStore)?, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "cairn.sweeper"), onSwept: @escaping @Sendable (PurgeSummary) -> Void = { _ in }
    ) {
        self.databaseURL = databaseURL
        self.configuration = configuration
        self.logger = logger
        self.onSwept = onSwept
        purger = Purger(
            configuration: configuration.purge,
            collector: blobStore.map { BlobCollector(store: $0, configuration: configuration.collector) })
    }

    /// Sweeps every ``Configuration/interval`` until graceful shutdown (when sweeps are off, it
    /// only waits for the shutdown, as a service of a group must).
    public func run() async throws {
        guard configuration.interval > .zero else {
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await Task.sleep(for: self.configuration.interval) } catch { return }
                do {
                    try await self.sweep()
                } catch {
                    self.logger.warning("expiry sweep failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// One sweep now: purges every expired artifact and works the blob deletion queue. Returns
    /// `nil` when another sweeper holds the lock.
    @discardableResult
    public func sweep() async throws -> PurgeSummary? {
        let summary = try await Blocking.run { try self.sweepBlocking() }
        if let summary { onSwept(summary) }
        if let summary, summary.artifacts > 0 || summary.blobsDeleted > 0 {
            logger.info(
                "expired artifacts purged",
                metadata: [
                    "artifacts": "\(summary.artifacts)", "blobs_deleted": "\(summary.blobsDeleted)",
                    "blobs_deferred": "\(summary.blobsDeferred)", "seconds": "\(summary.seconds)",
                ])
        }
        return summary
    }

    /// ``sweep()`` on the calling thread (blocking).
    public func sweepBlocking() throws -> PurgeSummary? {
        let connection = try MaintenanceConnection(databaseURL: databaseURL)
        guard try connection.tryAdvisoryLock(Self.lockKey) else { return nil }
        var expired = PurgeSelection()
        expired.expired = true
        let summary = try purger.run(expired, dryRun: false, on: connection)
        try connection.trimRemovals(keeping: configuration.removalRecords)
        return summary
    }
}
