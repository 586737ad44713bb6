import CairnBlobs
import CairnCore
import CairnStore
import Foundation

/// Finds drift between the catalog and the blob store (a local directory or S3), both ways, and with
/// ``Configuration/repair`` removes it:
///
/// - objects: blob objects no `artifact_blobs` row references and temporary files of crashed
///   writes, both older than the grace period (deleted on repair);
/// - references: every distinct (sha256, uri, size) in `artifact_blobs` that names an object of the
///   store is checked for existence and, unless ``Configuration/quick``, for its content. Each
///   artifact referencing a missing or corrupt object is demoted on repair (deleted with
///   `cairn_delete_artifact`: the next lookup misses and servers drop it from hot caches);
/// - on repair, the ``BlobCollector`` runs last with the same grace, so a corrupt object that lost
///   its references goes too.
///
/// Memory stays bounded: files and references are handled in batches of
/// ``Configuration/batchSize``. Blocking: run it on a thread of its own.
public struct Fsck: Sendable {
    /// What to check and whether to repair.
    public struct Configuration: Sendable {
        /// Unreferenced objects and temporary files younger than this are left alone: a writer may be
        /// about to reference them (the same meaning as ``BlobCollector/Configuration/grace``).
        public var grace: Duration = .seconds(900)
        /// Check that referenced objects exist, without reading them.
        public var quick = false
        /// Delete orphans and stale temporary files, demote artifacts with a missing or corrupt
        /// blob, then run the collector. Without it nothing changes.
        public var repair = false
        /// Files or references per round trip to the database.
        public var batchSize = 1000

        public init() {}
    }

    public let configuration: Configuration
    public let store: any BlobStore

    public init(store: any BlobStore, configuration: Configuration = Configuration()) {
        self.store = store
        self.configuration = configuration
    }

    /// Checks the store against the catalog (and repairs, if configured), calling `observe` on this
    /// thread for every finding, action and progress step as it happens.
    public func run(
        on connection: MaintenanceConnection, now: @autoclosure () -> Date = Date(), observe: (Event) -> Void
    ) throws -> Summary {
        var summary = Summary(quick: configuration.quick, repair: configuration.repair)
        try scanObjects(on: connection, now: now(), summary: &summary, observe: observe)
        try checkReferences(on: connection, summary: &summary, observe: observe)
        guard configuration.repair else { return summary }
        summary.progress.phase = .collection
        observe(.progress(summary.progress))
        var collection = BlobCollector.Configuration()
        collection.grace = configuration.grace
        collection.batchSize = configuration.batchSize
        let report = try BlobCollector(store: store, configuration: collection).collect(on: connection, now: now())
        summary.collected = report
        if report.deleted > 0 { observe(.action(.collected(report))) }
        return summary
    }

    /// ``run(on:now:observe:)``, keeping every finding and action.
    public func run(on connection: MaintenanceConnection, now: @autoclosure () -> Date = Date()) throws -> Report {
        var findings: [Finding] = []
        var actions: [Action] = []
        let summary = try run(on: connection, now: now()) { event in
            switch event {
            case .finding(let finding): findings.append(finding)
            case .action(let action): actions.append(action)
            case .progress: break
            }
        }
        return Report(findings: findings, actions: actions, summary: summary)
    }

    /// Whether a file last written at `modified` is past the grace period.
    func isPastGrace(_ modified: Date, now: Date) -> Bool {
        now.timeIntervalSince(modified) >= configuration.grace.timeInterval
    }
}
