import CairnCore

/// Every node of an execution in one flat array: the workflow's nodes first, then the nodes of
/// each dynamic node's future, appended when the future is compiled (or taken from the catalog).
struct ExecutionGraph: Sendable {
    /// A scope: the workflow, or one future. Bindings inside it are relative to it.
    struct Scope: Sendable {
        /// The compiled workflow or future.
        var workflow: CompiledWorkflow
        /// Graph index of the scope's node 0.
        var base: Int
        /// The dynamic node whose future this is; `nil` for the workflow.
        var owner: Int?
    }

    /// One node to run.
    struct Node: Sendable {
        /// `id`, or `<dynamic-node-id>/<id>` inside a future.
        var id: String
        var scope: Int
        /// Index in its scope's `workflow.nodes`.
        var local: Int
        /// Graph indices of the nodes it reads from.
        var dependencies: [Int]
    }

    private(set) var scopes: [Scope]
    private(set) var nodes: [Node] = []
    /// The scope of each dynamic node's future, once appended.
    private(set) var futureScope: [Int: Int] = [:]
    /// Graph indices of the nodes that depend on each node.
    private(set) var dependents: [[Int]] = []
    /// The branch node of each case node, by graph index.
    private(set) var branchOf: [Int: Int] = [:]

    init(workflow: CompiledWorkflow) {
        scopes = [Scope(workflow: workflow, base: 0, owner: nil)]
        appendNodes(of: 0, prefix: "")
    }

    var workflow: CompiledWorkflow { scopes[0].workflow }

    func compiled(_ index: Int) -> CompiledNode {
        let node = nodes[index]
        return scopes[node.scope].workflow.nodes[node.local]
    }

    func task(_ index: Int) -> CompiledTask {
        let compiled = compiled(index)
        return scopes[nodes[index].scope].workflow.tasks[compiled.task]!
    }

    /// Appends a dynamic node's future; returns the graph indices of its nodes.
    @discardableResult
    mutating func appendFuture(_ future: CompiledWorkflow, of owner: Int) -> Range<Int> {
        let scope = scopes.count
        scopes.append(Scope(workflow: future, base: nodes.count, owner: owner))
        futureScope[owner] = scope
        let start = nodes.count
        appendNodes(of: scope, prefix: nodes[owner].id + "/")
        return start..<nodes.count
    }

    /// The nodes of a dynamic node's future, if it has one yet.
    func children(of owner: Int) -> Range<Int>? {
        guard let scope = futureScope[owner] else { return nil }
        let base = scopes[scope].base
        return base..<(base + scopes[scope].workflow.nodes.count)
    }

    private mutating func appendNodes(of scope: Int, prefix: String) {
        let base = scopes[scope].base
        for (local, node) in scopes[scope].workflow.nodes.enumerated() {
            let dependencies = node.dependencies.map { base + $0 }
            nodes.append(Node(id: prefix + node.id, scope: scope, local: local, dependencies: dependencies))
            dependents.append([])
            for dependency in dependencies { dependents[dependency].append(nodes.count - 1) }
            for branchCase in node.branch?.cases ?? [] { branchOf[base + branchCase.node] = base + local }
        }
    }
}
