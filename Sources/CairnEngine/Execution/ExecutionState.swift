import CairnCore

/// Everything about a running execution that a resumed engine needs besides its definition:
/// each node's state, and the futures of dynamic nodes in the order they were added to the graph.
struct ExecutionState: Hashable, Sendable {
    /// A future added to the graph: its dynamic node and the future's encoding.
    struct Future: Hashable, Sendable {
        var owner: Int
        var encoded: [UInt8]
    }

    var nodes: [NodeState]
    var futures: [Future] = []

    init(nodeCount: Int) {
        nodes = Array(repeating: NodeState(), count: nodeCount)
    }

    init(nodes: [NodeState], futures: [Future]) {
        self.nodes = nodes
        self.futures = futures
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
