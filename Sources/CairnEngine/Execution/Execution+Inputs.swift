import CairnCore
import CairnStore

/// A binding's path steps into an offloaded value that has not been read back yet.
struct BlobNeeded: Error {
    var reference: OffloadedLiteral
}

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

    /// The value a binding names within a scope; a fan-in list, map or struct is assembled in place
    /// (an offloaded upstream output stays a reference inside it, read back when the task runs).
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
        case .list(let parts):
            return .list(try parts.map { try value(of: $0, scope: scope, what: what) })
        case .map(let parts):
            return .map(try parts.mapValues { try value(of: $0, scope: scope, what: what) })
        case .structure(let parts):
            return .structure(try parts.mapValues { try value(of: $0, scope: scope, what: what) })
        }
    }

    /// Steps into a value. Stepping into an offloaded value needs it read back first: that is file
    /// I/O and zlib, which the scheduler does off its task (``BlobNeeded``) before trying again.
    func follow(_ path: [PathStep], from value: Literal, what: String) throws -> Literal {
        var current = value
        for step in path {
            if case .offloaded(let reference) = current {
                guard let resolved = resolvedBlobs[reference.sha256] else { throw BlobNeeded(reference: reference) }
                current = resolved
            }
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

    /// Runs `body` until it no longer needs an offloaded value read back, reading each one it asks
    /// for on a thread of its own (for work outside the scheduler loop: resume, the final report).
    mutating func resolving<T>(_ body: (Execution) throws -> T) async throws -> T {
        while true {
            do {
                return try body(self)
            } catch let needed as BlobNeeded {
                let offloader = context.runner.offloader
                let reference = needed.reference
                resolvedBlobs[reference.sha256] = try await Blocking.run {
                    try offloader.resolve(.offloaded(reference))
                }
            }
        }
    }

    /// The workflow's outputs, once every node they read has succeeded.
    mutating func workflowOutputs() async throws -> [(name: String, value: Literal)] {
        try await resolving { execution in
            try execution.graph.workflow.outputs.map { output in
                (output.name, try execution.value(of: output.binding, scope: 0, what: "output \(output.name)"))
            }
        }
    }
}
