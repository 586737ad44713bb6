import CairnCore
import CairnStore
import Foundation

/// What `cairn run` reports at the end: the execution, its outputs, and every node.
public struct ExecutionReport: Sendable {
    /// One node's line in the report.
    public struct Node: Sendable {
        public var id: String
        public var task: String
        /// pending, running, succeeded, failed, skipped or cancelled.
        public var phase: String
        public var cache: CacheStatus?
        public var attempts: Int
        public var durationMilliseconds: Int64?
        /// For dynamic nodes: whether the future came from the catalog.
        public var futureFromCatalog: Bool?
        /// For dynamic nodes: generator and compiler time, measured now or recorded with the cached future.
        public var compileMilliseconds: Int64?
        /// For dynamic nodes: what obtaining the future took in this run (a lookup, on a catalog hit).
        public var futureMilliseconds: Double?
        public var error: String?
        /// What else happened to it in this run: a cached result it discarded and why (its blob
        /// missing or damaged), so it ran instead of being taken from the catalog.
        public var note: String?
        /// For a hit: where the cached result came from (the lineage its artifact records).
        public var source: Lineage?
        /// For a node that ran without a hit, with `--explain`: why the catalog had no result for it.
        public var explanation: CacheExplanation?
        /// For a map node that started: its elements by cache status, and which failed.
        public var elements: Elements?
        /// For a branch node that chose: the chosen case's name (its node is `<id>/<case>`).
        public var chosenCase: String?
    }

    /// A map node's elements in the report.
    public struct Elements: Sendable {
        public var count: Int
        public var succeeded: Int
        /// Elements per cache status (elements that never got one, such as cancelled ones, are not counted).
        public var cache: [CacheStatus: Int]
        /// Indices of the elements that failed, ascending.
        public var failed: [Int]

        init(_ elements: MapElements) {
            count = elements.count
            succeeded = elements.phases.reduce(0) { $0 + ($1 == .succeeded ? 1 : 0) }
            cache = elements.cacheCounts
            failed = elements.failed
        }
    }

    public var executionID: UUID
    public var workflow: String
    public var status: ExecutionRecord.Status
    /// The workflow's outputs, when it succeeded (offloaded ones as references).
    public var outputs: [(name: String, value: Literal)]
    public var nodes: [Node]
    /// Wall time of this engine run.
    public var elapsed: Duration
    /// Size of the persisted (compressed binary) state.
    public var stateBytes: Int
    /// Size of the same state written as JSON, for comparison.
    public var stateJSONBytes: Int
    /// Why a state write during the run failed, if one did (the final write succeeded).
    public var stateWarning: String?

    init(
        execution: Execution, status: ExecutionRecord.Status, outputs: [(name: String, value: Literal)],
        stateBytes: Int, elapsed: Duration
    ) {
        executionID = execution.context.id
        workflow = execution.graph.workflow.name
        self.status = status
        self.elapsed = elapsed
        self.stateBytes = stateBytes
        stateWarning = execution.lastSaveError.map { "a state write during the run failed: \($0)" }
        stateJSONBytes =
            execution.state.jsonText(graph: execution.graph, createdAt: execution.context.createdAt).utf8.count
        self.outputs = outputs
        nodes = execution.state.nodes.indices.map { index in
            let state = execution.state.nodes[index]
            let dynamic = execution.graph.task(index).kind == .dynamic
            let branch = execution.graph.compiled(index).branch
            let chosen = branch.flatMap { branch in execution.state.branches[index].map { branch.cases[$0] } }
            let base = execution.graph.scopes[execution.graph.nodes[index].scope].base
            return Node(
                id: execution.graph.nodes[index].id,
                task: chosen.map { execution.graph.compiled(base + $0.node).task }
                    ?? execution.graph.compiled(index).task,
                phase: state.phase.name,
                cache: state.cache, attempts: state.attempts, durationMilliseconds: state.duration,
                futureFromCatalog: dynamic ? state.futureFromCatalog : nil, compileMilliseconds: state.compileTime,
                futureMilliseconds: execution.futureMillis[index], error: state.error, note: execution.notes[index],
                source: execution.sources[index],
                explanation: [.miss, .populated, .putFailure].contains(state.cache)
                    ? execution.context.explanations[index] : nil,
                elements: execution.state.maps[index].map(Elements.init), chosenCase: chosen?.name)
        }
    }

    /// Nodes per cache status.
    public var cacheCounts: [CacheStatus: Int] {
        nodes.reduce(into: [:]) { counts, node in
            if let cache = node.cache { counts[cache, default: 0] += 1 }
        }
    }

    /// Generator and compiler time not spent because futures came from the catalog.
    public var compileMillisecondsSaved: Int64 {
        nodes.reduce(0) { $0 + ($1.futureFromCatalog == true ? $1.compileMilliseconds ?? 0 : 0) }
    }
}
