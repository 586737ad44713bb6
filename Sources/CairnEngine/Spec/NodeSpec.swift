import Yams

/// A node as written in `nodes:`: its id, task, bindings (not yet resolved) and override name.
struct NodeSpec {
    /// One `inputs:` entry.
    struct Input {
        let name: String
        let value: Node
    }

    var id: String
    var line: Int?
    var task: String?
    var taskNode: Node?
    var inputs: [Input]
    var overrideName: String?
    var overrideLine: Int?
    /// `map:` instead of `task:`: the task runs once per element of the lists named in `over`.
    var map: MapSpec?

    static let keys = ["id", "task", "map", "inputs", "override"]

    /// Reads the `nodes:` list. Nodes without a usable id are reported and left out.
    /// - Parameter allowsOverride: futures may not name overrides (they are chosen at launch, before
    ///   any future exists).
    static func readList(_ node: Node, allowsOverride: Bool, diagnostics: inout Diagnostics) -> [NodeSpec] {
        guard case .sequence(let sequence) = node else {
            diagnostics.report(
                .invalidValue, "expected a list of nodes, got \(node.kindText)", at: node, field: "nodes")
            return []
        }
        return sequence.compactMap { read($0, allowsOverride: allowsOverride, diagnostics: &diagnostics) }
    }

    private static func read(_ node: Node, allowsOverride: Bool, diagnostics: inout Diagnostics) -> NodeSpec? {
        // A future names neither overrides (chosen at launch) nor map nodes (its encoding has no place for them).
        let keys = allowsOverride ? keys : keys.filter { $0 != "override" && $0 != "map" }
        guard case .mapping = node else {
            diagnostics.report(.invalidValue, "expected a mapping, got \(node.kindText)", at: node, field: "nodes")
            return nil
        }
        guard let idNode = node["id"] else {
            diagnostics.report(.invalidValue, "a node needs an id", at: node, field: "nodes")
            return nil
        }
        guard let id = diagnostics.name(idNode, scope: .workflow, field: "node id") else { return nil }
        let scope = Scope.node(id)
        if id == "inputs" {
            diagnostics.report(
                .invalidValue, "\"inputs\" is reserved for $inputs references", at: idNode, field: "node id")
        }
        guard let mapping = SpecMapping(node, field: nil, scope: scope, allowed: keys, diagnostics: &diagnostics)
        else { return nil }
        var spec = NodeSpec(id: id, line: idNode.mark?.line, inputs: [])
        if let mapNode = mapping["map"] {
            if let taskNode = mapping["task"] {
                diagnostics.report(
                    .invalidValue, "a node has task or map, not both", at: taskNode, scope: scope, field: "task")
            }
            spec.map = MapSpec.read(mapNode, scope: scope, diagnostics: &diagnostics)
            spec.task = spec.map?.task
            spec.taskNode = spec.map?.taskNode
        } else if let taskNode = mapping.required("task", scope: scope, diagnostics: &diagnostics) {
            spec.task = diagnostics.name(taskNode, scope: scope, field: "task")
            spec.taskNode = taskNode
        }
        if let inputsNode = mapping["inputs"],
            let inputs = SpecMapping(inputsNode, field: "inputs", scope: scope, allowed: nil, diagnostics: &diagnostics)
        {
            spec.inputs = inputs.entries.map { Input(name: $0.key, value: $0.value) }
        }
        if let overrideNode = mapping["override"] {
            spec.overrideName = diagnostics.name(overrideNode, scope: scope, field: "override")
            spec.overrideLine = overrideNode.mark?.line
        }
        return spec
    }
}
