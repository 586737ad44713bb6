import CairnCore

/// Everything about a running execution that a resumed engine needs besides its definition:
/// each node's state, and the futures of dynamic nodes in the order they were added to the graph.
struct ExecutionState: Hashable, Sendable {
    /// A future added to the graph: its dynamic node and the future's encoding.
    struct Future: Hashable, Sendable {
        var owner: Int
        var encoded: [UInt8]
    }

    /// A task attempt's process group: its leader (whose pid is the group's id) and node.
    struct TaskGroup: Hashable, Sendable {
        var node: Int
        var leader: ProcessIdentity
    }

    var nodes: [NodeState]
    var futures: [Future] = []
    /// The boot of the machine whose processes ``watchdog`` and ``taskGroups`` name (`nil` in a
    /// state written before they were recorded).
    var bootID: String?
    /// The process that kills the engine's task groups when the engine dies (see ``TaskWatchdog``).
    var watchdog: ProcessIdentity?
    /// Every task process group running when the state was written, so that a resume can kill
    /// what an engine killed with SIGKILL left behind before it runs anything.
    var taskGroups: [TaskGroup] = []
    /// The elements of each map node that has started, by node index.
    var maps: [Int: MapElements] = [:]
    /// The case each branch node chose (its position in the branch's cases), by node index.
    var branches: [Int: Int] = [:]

    init(nodeCount: Int) {
        nodes = Array(repeating: NodeState(), count: nodeCount)
    }

    init(nodes: [NodeState], futures: [Future]) {
        self.nodes = nodes
        self.futures = futures
    }

    /// This engine's watchdog, on this machine, with no task group running yet.
    mutating func record(_ watchdog: TaskWatchdog) {
        bootID = watchdog.bootID
        self.watchdog = watchdog.identity
        taskGroups = []
    }

    /// Counts for progress and the report.
    struct Counts: Hashable, Sendable {
        var total = 0
        var finished = 0
        var running = 0
        var cached = 0
        var failed = 0
    }

    var counts: Counts {
        var counts = Counts(total: nodes.count)
        for node in nodes {
            if node.phase.isFinished { counts.finished += 1 }
            if node.phase == .running || node.phase == .waitingForChildren { counts.running += 1 }
            if node.cache == .hit { counts.cached += 1 }
            if node.phase == .failed { counts.failed += 1 }
        }
        return counts
    }
}
