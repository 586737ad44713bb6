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
    /// `branch:` instead of `task:`: cases whose nodes follow it in the compiler's list.
    var branch: BranchSpec?
    /// For a branch's case node (id `<branch>/<case>`): the branch's id.
    var caseOf: String?

    static let keys = ["id", "task", "map", "branch", "inputs", "override"]

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
        // A future names neither overrides (chosen at launch) nor map or branch nodes (its encoding
        // has no place for them).
        let keys = allowsOverride ? keys : keys.filter { $0 != "override" && $0 != "map" && $0 != "branch" }
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
        if let branchNode = mapping["branch"] {
            for key in ["task", "map", "inputs", "override"] {
                guard let other = mapping[key] else { continue }
                diagnostics.report(
                    .invalidValue, "a branch node has no \(key) of its own (its cases have)", at: other, scope: scope,
                    field: key)
            }
            spec.branch = BranchSpec.read(branchNode, branch: id, diagnostics: &diagnostics)
            spec.task = spec.branch?.cases.first?.node.task
            spec.taskNode = spec.branch?.cases.first?.node.taskNode
            return spec
        }
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
        spec.readBindings(mapping, diagnostics: &diagnostics)
        return spec
    }

    /// Reads `inputs:` and `override:` (shared by plain nodes and branch cases).
    mutating func readBindings(_ mapping: SpecMapping, diagnostics: inout Diagnostics) {
        let scope = Scope.node(id)
        if let inputsNode = mapping["inputs"],
            let inputs = SpecMapping(inputsNode, field: "inputs", scope: scope, allowed: nil, diagnostics: &diagnostics)
        {
            self.inputs = inputs.entries.map { Input(name: $0.key, value: $0.value) }
        }
        if let overrideNode = mapping["override"] {
            overrideName = diagnostics.name(overrideNode, scope: scope, field: "override")
            overrideLine = overrideNode.mark?.line
        }
    }
}
