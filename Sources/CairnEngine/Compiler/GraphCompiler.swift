import CairnCore
import Yams

/// Resolves a graph of nodes, and the outputs read from it, against an interface (the workflow's
/// inputs, or a dynamic task's) and the declared tasks: binds and type-checks every input, then
/// orders the nodes. Shared by workflows and futures.
struct GraphCompiler {
    let inputs: [Parameter]
    let tasks: [String: CompiledTask]
    /// Tasks whose declarations had errors: nodes are not checked against their interfaces.
    let incompleteTasks: Set<String>
    /// How errors name the interface's inputs and outputs (`workflow input`, `workflow output`).
    let labels: (input: String, output: String)
    /// The nodes kept (duplicate ids left out), in file order.
    private(set) var nodes: [NodeSpec] = []
    private(set) var index: [String: Int] = [:]

    init(
        inputs: [Parameter], tasks: [String: CompiledTask], incompleteTasks: Set<String>,
        labels: (input: String, output: String),
        nodes specs: [NodeSpec], diagnostics: inout Diagnostics
    ) {
        self.inputs = inputs
        self.tasks = tasks
        self.incompleteTasks = incompleteTasks
        self.labels = labels
        // A branch's case nodes follow it, as nodes of their own (`<branch>/<case>`).
        for spec in specs.flatMap({ [$0] + ($0.branch?.cases.map(\.node) ?? []) }) {
            if let first = index[spec.id] {
                let at = nodes[first].line.map { " (first at line \($0))" } ?? ""
                diagnostics.report(
                    .duplicateName, "duplicate node id \"\(spec.id)\"\(at)", line: spec.line, field: "node id")
                continue
            }
            index[spec.id] = nodes.count
            nodes.append(spec)
        }
    }

    /// Compiles the nodes and outputs; `nil` when anything was reported (here or before).
    func compile(outputs: [OutputSpec], diagnostics: inout Diagnostics) -> (
        nodes: [CompiledNode], outputs: [OutputBinding]
    )? {
        let compiled = nodes.map { compile($0, diagnostics: &diagnostics) }
        var bound: [OutputBinding] = []
        for output in outputs {
            let field = "\(labels.output) \(output.name)"
            if let (binding, _) = bind(
                output.value, to: output.type, scope: .workflow, field: field, diagnostics: &diagnostics)
            {
                bound.append(OutputBinding(name: output.name, type: output.type, binding: binding))
            }
        }
        let (order, cycles) = DependencyOrder.sort(compiled.map { $0?.dependencies ?? [] })
        for cycle in cycles {
            let names = (cycle + [cycle[0]]).map { nodes[$0].id }.joined(separator: " -> ")
            diagnostics.report(
                .cycle, "dependency cycle \(names) (each node reads an output of the next)", line: nodes[cycle[0]].line,
                scope: .node(nodes[cycle[0]].id))
        }
        // Nodes and references left unresolved are covered by errors reported here or while reading.
        guard diagnostics.errors.isEmpty else { return nil }
        return Self.renumber(compiled.map { $0! }, order: order, outputs: bound)
    }

    /// Puts nodes in `order` and rewrites every node index (dependencies and bindings) to match.
    private static func renumber(_ nodes: [CompiledNode], order: [Int], outputs: [OutputBinding]) -> (
        nodes: [CompiledNode], outputs: [OutputBinding]
    ) {
        var position = Array(repeating: 0, count: nodes.count)
        for (new, old) in order.enumerated() { position[old] = new }
        func renumbered(_ binding: Binding) -> Binding { binding.renumbered { position[$0] } }
        let ordered = order.map { old in
            var node = nodes[old]
            node.dependencies = node.dependencies.map { position[$0] }.sorted()
            node.inputs = node.inputs.map { InputBinding(name: $0.name, binding: renumbered($0.binding)) }
            node.branch = node.branch?.renumbered { position[$0] }
            return node
        }
        let outputs = outputs.map { OutputBinding(name: $0.name, type: $0.type, binding: renumbered($0.binding)) }
        return (ordered, outputs)
    }
}
