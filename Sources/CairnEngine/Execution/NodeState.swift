import CairnCore

/// Where one node of an execution stands: what the state encoding persists per node.
struct NodeState: Hashable, Sendable {
    /// The node's lifecycle.
    enum Phase: UInt8, Sendable, CaseIterable {
        case pending = 0
        case running = 1
        /// A dynamic node whose future's nodes are running, or a branch node whose chosen case runs.
        case waitingForChildren = 2
        case succeeded = 3
        case failed = 4
        /// Not run because a node it depends on failed, or its branch chose another case.
        case skipped = 5
        /// Stopped by cancellation; runs again on resume.
        case cancelled = 6

        var name: String {
            switch self {
            case .pending: "pending"
            case .running: "running"
            case .waitingForChildren: "waiting_for_children"
            case .succeeded: "succeeded"
            case .failed: "failed"
            case .skipped: "skipped"
            case .cancelled: "cancelled"
            }
        }

        var isFinished: Bool { self == .succeeded || self == .failed || self == .skipped }
    }

    var phase = Phase.pending
    var cache: CacheStatus?
    /// Attempts made (a cache hit makes none).
    var attempts = 0
    /// Milliseconds from the execution's start to the node's start; `nil` before it starts.
    var startedAt: Int64?
    /// Milliseconds the node took, once finished.
    var duration: Int64?
    /// Its outputs, in its task's output order, once succeeded (offloaded ones as references).
    var outputs: [Literal]?
    /// For a dynamic node: whether its future came from the catalog.
    var futureFromCatalog = false
    /// For a dynamic node: milliseconds spent running the generator and compiling, when it did.
    var compileTime: Int64?
    /// Why it failed.
    var error: String?
}
