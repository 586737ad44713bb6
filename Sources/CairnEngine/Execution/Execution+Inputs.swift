import CairnCore
import CairnStore

/// Binding resolution: a node's inputs from literals, scope inputs and upstream outputs.
extension Execution {
    /// The node's inputs as bound (offloaded values stay references unless a path looks inside).
    func boundInputs(of index: Int) throws -> [String: Literal] {
        let scope = graph.nodes[index].scope
        var inputs: [String: Literal] = [:]
        for input in graph.compiled(index).inputs {
            inputs[input.name] = try value(
                of: input.binding, scope: scope, what: "node \(graph.nodes[index].id) input \(input.name)")
        }
        return inputs
    }

    /// The value a binding names within a scope.
    func value(of binding: Binding, scope: Int, what: String) throws -> Literal {
        switch binding {
        case .literal(let value):
            return value
        case .workflowInput(let name, let path):
            guard let value = scopeInputs[scope]?[name] else {
                throw EngineError(.invalidInput, "\(what): input \(name) has no value")
            }
            return try follow(path, from: value, what: what)
        case .nodeOutput(let node, let output, let path):
            let index = graph.scopes[scope].base + node
            let task = graph.task(index)
            guard let position = task.outputs.firstIndex(where: { $0.name == output }),
                let outputs = state.nodes[index].outputs, position < outputs.count
            else {
                throw EngineError(.invalidInput, "\(what): \(graph.nodes[index].id).\(output) has no value")
            }
            return try follow(path, from: outputs[position], what: what)
        }
    }

    /// Steps into a value; an offloaded value is read back from the blob store first.
    func follow(_ path: [PathStep], from value: Literal, what: String) throws -> Literal {
        var current = value
        for step in path {
            if case .offloaded = current { current = try context.runner.offloader.resolve(current) }
            switch (step, current) {
            case (.index(let position), .list(let values)):
                guard values.indices.contains(position) else {
                    throw EngineError(
                        .invalidInput, "\(what): index [\(position)] is out of range (\(values.count) elements)")
                }
                current = values[position]
            case (.key(let key), .map(let values)), (.key(let key), .structure(let values)):
                guard let next = values[key] else { throw EngineError(.invalidInput, "\(what): no key \"\(key)\"") }
                current = next
            default:
                throw EngineError(.invalidInput, "\(what): cannot apply \(step) to the value")
            }
        }
        return current
    }
}
