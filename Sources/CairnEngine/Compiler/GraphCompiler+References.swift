import CairnCore
import Yams

extension GraphCompiler {
    /// Finds what a reference names, follows its path and checks the type it arrives at.
    func resolve(
        _ reference: Reference, at value: Node, as expected: LiteralType, scope: Scope, field: String,
        diagnostics: inout Diagnostics
    ) -> (Binding, Int?)? {
        guard
            let (binding, node, type) = resolve(
                reference, at: value, scope: scope, field: field, diagnostics: &diagnostics)
        else { return nil }
        guard type == expected else {
            diagnostics.report(
                .typeMismatch, "expected \(expected), got \(type) from \(reference.text)", at: value, scope: scope,
                field: field)
            return nil
        }
        return (binding, node)
    }

    /// Finds what a reference names and follows its path; returns the type it arrives at.
    func resolve(
        _ reference: Reference, at value: Node?, scope: Scope, field: String, diagnostics: inout Diagnostics
    ) -> (Binding, Int?, LiteralType)? {
        let binding: Binding
        let base: LiteralType
        var node: Int?
        switch reference.source {
        case .inputs:
            guard let parameter = inputs.first(where: { $0.name == reference.name }) else {
                let names = listText(inputs.map(\.name))
                diagnostics.report(
                    .unknownName, "\(reference.text) names no \(labels.input) (inputs: \(names))", at: value,
                    scope: scope, field: field)
                return nil
            }
            base = parameter.type
            binding = .workflowInput(name: reference.name, path: reference.path)
        case .node(let id):
            guard let index = index[id] else {
                let names = listText(nodes.map(\.id))
                diagnostics.report(
                    .unknownName, "\(reference.text) names no node \"\(id)\" (nodes: \(names))", at: value,
                    scope: scope,
                    field: field)
                return nil
            }
            // A node whose task is unknown or broken has its own error already.
            guard let taskName = nodes[index].task, let task = tasks[taskName] else { return nil }
            guard let output = task.outputs.first(where: { $0.name == reference.name }) else {
                if incompleteTasks.contains(taskName) { return nil }
                let names = listText(task.outputs.map(\.name))
                diagnostics.report(
                    .unknownName,
                    "\(reference.text): task \(taskName) of node \(id) has no output "
                        + "\"\(reference.name)\" (outputs: \(names))", at: value, scope: scope, field: field)
                return nil
            }
            base =
                nodes[index].map.map { MapSettings(over: [], minSuccessRatio: $0.minSuccessRatio) }?
                .outputType(output.type) ?? output.type
            node = index
            binding = .nodeOutput(node: index, output: reference.name, path: reference.path)
        }
        switch base.following(reference.path) {
        case .failure(let problem):
            diagnostics.report(
                .typeMismatch, "\(reference.text): \(problem.message)", at: value, scope: scope, field: field)
            return nil
        case .success(let type):
            return (binding, node, type)
        }
    }
}
