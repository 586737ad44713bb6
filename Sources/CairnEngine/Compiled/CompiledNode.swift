import CairnCore

/// One node of a compiled workflow: a task to run with its inputs bound.
public struct CompiledNode: Hashable, Sendable {
    /// The node's id, unique in its workflow (a future's nodes are shown as `<dynamic-node>/<id>`).
    public var id: String
    /// The task it runs, a key of ``CompiledWorkflow/tasks``.
    public var task: String
    /// One binding per task input, in the task's input order.
    public var inputs: [InputBinding]
    /// Indices of the nodes whose outputs it reads, ascending.
    public var dependencies: [Int]
    /// The override name that applies: the node's own, else its task's.
    public var overrideName: String?
    /// For a map node: how it runs ``task`` per element; its outputs are then lists.
    public var map: MapSettings?
    /// For a branch node: its cases. It runs no task of its own (``task`` is its first case's, for
    /// the names, types and order of its outputs) and has no ``inputs``.
    public var branch: BranchSettings?

    public init(
        id: String, task: String, inputs: [InputBinding], dependencies: [Int], overrideName: String? = nil,
        map: MapSettings? = nil, branch: BranchSettings? = nil
    ) {
        self.id = id
        self.task = task
        self.inputs = inputs
        self.dependencies = dependencies
        self.overrideName = overrideName
        self.map = map
        self.branch = branch
    }

    /// The type of its output for the task's output `type` (a map node's outputs are lists).
    public func outputType(_ type: LiteralType) -> LiteralType {
        map?.outputType(type) ?? type
    }
}

/// A task input and what binds it.
public struct InputBinding: Hashable, Sendable {
    public var name: String
    public var binding: Binding
    public init(name: String, binding: Binding) {
        self.name = name
        self.binding = binding
    }
}
