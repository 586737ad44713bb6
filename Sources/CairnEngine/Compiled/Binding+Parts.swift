import CairnCore

/// The parts of a binding assembled from other bindings (fan-in lists, maps and structs).
extension Binding {
    /// The literals written in the binding, at any depth.
    var literals: [Literal] {
        switch self {
        case .literal(let value): return [value]
        case .workflowInput, .nodeOutput: return []
        case .list(let parts): return parts.flatMap(\.literals)
        case .map(let parts), .structure(let parts): return parts.keys.sorted().flatMap { parts[$0]!.literals }
        }
    }

    /// The indices of the nodes the binding reads, at any depth.
    var nodes: Set<Int> {
        switch self {
        case .literal, .workflowInput: return []
        case .nodeOutput(let node, _, _): return [node]
        case .list(let parts): return parts.reduce(into: []) { $0.formUnion($1.nodes) }
        case .map(let parts), .structure(let parts): return parts.values.reduce(into: []) { $0.formUnion($1.nodes) }
        }
    }

    /// The binding with every node index it reads replaced by `position(index)`.
    func renumbered(_ position: (Int) -> Int) -> Binding {
        switch self {
        case .literal, .workflowInput: return self
        case .nodeOutput(let node, let output, let path):
            return .nodeOutput(node: position(node), output: output, path: path)
        case .list(let parts): return .list(parts.map { $0.renumbered(position) })
        case .map(let parts): return .map(parts.mapValues { $0.renumbered(position) })
        case .structure(let parts): return .structure(parts.mapValues { $0.renumbered(position) })
        }
    }
}
