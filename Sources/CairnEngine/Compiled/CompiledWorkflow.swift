import CairnCore

/// A workflow the compiler accepted: every task known, every input bound and type-checked, the
/// nodes in an order where each comes after the nodes it depends on. Also the form of a dynamic
/// task's compiled future (its inputs are the dynamic task's inputs, its outputs the task's outputs).
public struct CompiledWorkflow: Hashable, Sendable {
    /// The workflow's name (for a future: the dynamic task's name).
    public var name: String
    public var project: String
    public var domain: String
    /// The workflow's inputs; a `--input` or a default gives each its value.
    public var inputs: [Parameter]
    /// The workflow's outputs and where each comes from.
    public var outputs: [OutputBinding]
    /// Every task the workflow file declares, by name (a future may use any of them).
    public var tasks: [String: CompiledTask]
    /// The nodes, in dependency order: a node's dependencies all have smaller indices.
    public var nodes: [CompiledNode]

    public init(
        name: String, project: String, domain: String, inputs: [Parameter], outputs: [OutputBinding],
        tasks: [String: CompiledTask], nodes: [CompiledNode]
    ) {
        self.name = name
        self.project = project
        self.domain = domain
        self.inputs = inputs
        self.outputs = outputs
        self.tasks = tasks
        self.nodes = nodes
    }
}

extension CompiledWorkflow {
    /// The values written into the workflow: literal bindings of nodes and outputs, and defaults.
    var literals: [Literal] {
        var values = inputs.compactMap(\.defaultValue)
        for binding in nodes.flatMap({ $0.inputs.map(\.binding) }) + outputs.map(\.binding) {
            values += binding.literals
        }
        return values
    }
}

/// A named, typed value of an interface, with an optional default.
public struct Parameter: Hashable, Sendable {
    public var name: String
    public var type: LiteralType
    /// Used when nothing binds the parameter (workflow inputs only).
    public var defaultValue: Literal?
    public init(name: String, type: LiteralType, defaultValue: Literal? = nil) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
    }
}

/// A workflow (or future) output: its name, type and the binding that produces it.
public struct OutputBinding: Hashable, Sendable {
    public var name: String
    public var type: LiteralType
    public var binding: Binding
    public init(name: String, type: LiteralType, binding: Binding) {
        self.name = name
        self.type = type
        self.binding = binding
    }
}

/// Where a node input (or a workflow output) takes its value from.
public enum Binding: Hashable, Sendable {
    /// A value written in the workflow, already checked against the input's type.
    case literal(Literal)
    /// A workflow input (for a future: an input of the dynamic task), or a part of it.
    case workflowInput(name: String, path: [PathStep])
    /// An output of an upstream node (by index into ``CompiledWorkflow/nodes``), or a part of it.
    case nodeOutput(node: Int, output: String, path: [PathStep])
    /// A list assembled from bindings in order (fan-in: `[$a.out, $b.out, 3]`); holds a reference.
    indirect case list([Binding])
    /// A map assembled from bindings by key (`{x: $a.out, y: $b.out}`); holds a reference.
    indirect case map([String: Binding])
    /// A struct assembled from bindings by field; holds a reference.
    indirect case structure([String: Binding])
}

/// One step into a value: a list element, or a map key / struct field.
public enum PathStep: Hashable, Sendable {
    case index(Int)
    case key(String)
}
