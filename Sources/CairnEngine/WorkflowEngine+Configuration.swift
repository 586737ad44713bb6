import CairnCore
import Foundation

extension WorkflowEngine {
    /// How the engine runs nodes. Every limit has a default a workstation can live with.
    public struct Configuration: Sendable {
        /// Directory for each execution's work files and logs (`<dir>/<execution>/<node>/`).
        public var runDirectory: String
        /// Directory under which each execution gets its raw-data prefix for files (`CAIRN_RAW_DATA`).
        public var rawDataDirectory: String
        /// Most task processes running at once.
        public var parallelism = 8
        /// An output whose canonical encoding is at least this many bytes goes to the blob store.
        public var offloadMin = 1 << 20
        /// An output whose canonical encoding is at least this many bytes fails its node.
        public var offloadMax = 1 << 30
        /// Delay before the first retry; it doubles with each further retry, up to ``maxRetryBackoff``.
        public var retryBackoff: Duration = .seconds(1)
        public var maxRetryBackoff: Duration = .seconds(30)
        /// Reservation lease for serialized tasks; renewed every third of it while the task runs.
        public var lease: Duration = .seconds(30)
        /// How often a node waiting on another owner's reservation looks in the cache again (at first;
        /// the wait doubles up to 2 s).
        public var reservationPoll: Duration = .milliseconds(100)
        /// Between SIGTERM and SIGKILL when a task is stopped.
        public var killGrace: Duration = .seconds(5)
        /// Most cache keys in one `CACHE.MGET`.
        public var lookupBatch = 512
        /// Run every node and replace stored results instead of looking them up (status SKIPPED).
        public var overwriteCache = false
        /// Ask the catalog why each node that misses had no result (`CACHE.EXPLAIN`), for the report.
        public var explain = false
        /// Called from the engine's task after every state change, with the current counts.
        public var progress: (@Sendable (Progress) -> Void)?
        /// Called once the execution is recorded (or locked for a resume), with its id.
        public var onStart: (@Sendable (UUID) -> Void)?

        public init(runDirectory: String, rawDataDirectory: String) {
            self.runDirectory = runDirectory
            self.rawDataDirectory = rawDataDirectory
        }
    }

    /// Counts of an execution's nodes, for progress output.
    public struct Progress: Hashable, Sendable {
        public var total: Int
        public var finished: Int
        public var running: Int
        public var cached: Int
        public var failed: Int
    }
}
