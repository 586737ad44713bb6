import CairnCore
import Yams

/// A workflow file as written: names checked, tasks read, bindings not yet resolved.
struct WorkflowSpec {
    var name = ""
    var project = ""
    var domain = ""
    var inputs: [ParameterSpec] = []
    var outputs: [OutputSpec] = []
    var tasks: [TaskSpec] = []
    var nodes: [NodeSpec] = []

    static let keys = ["workflow", "project", "domain", "inputs", "outputs", "tasks", "nodes"]
    static let outputKeys = ["type", "from"]

    static func read(_ root: Node, diagnostics: inout Diagnostics) -> WorkflowSpec {
        var spec = WorkflowSpec()
        guard let mapping = SpecMapping(root, field: nil, scope: .workflow, allowed: keys, diagnostics: &diagnostics)
        else { return spec }
        if let node = mapping.required("workflow", scope: .workflow, diagnostics: &diagnostics) {
            spec.name = diagnostics.name(node, scope: .workflow, field: "workflow") ?? ""
        }
        for key in ["project", "domain"] {
            guard let node = mapping.required(key, scope: .workflow, diagnostics: &diagnostics),
                let value = readCatalogName(node, field: key, diagnostics: &diagnostics)
            else { continue }
            if key == "project" { spec.project = value } else { spec.domain = value }
        }
        if let node = mapping["inputs"] {
            spec.inputs =
                ParameterSpec.read(
                    node, form: .input, scope: .workflow, field: "inputs", itemLabel: "workflow input",
                    diagnostics: &diagnostics
                ).parameters
        }
        if let node = mapping["outputs"] {
            spec.outputs = readOutputs(node, diagnostics: &diagnostics)
        }
        if let node = mapping["tasks"],
            let tasks = SpecMapping(node, field: "tasks", scope: .workflow, allowed: nil, diagnostics: &diagnostics)
        {
            for entry in tasks.entries {
                guard let name = diagnostics.name(entry.keyNode, scope: .workflow, field: "task name") else { continue }
                if let task = TaskSpec.read(
                    name: name, line: entry.keyNode.mark?.line, entry.value, diagnostics: &diagnostics)
                {
                    spec.tasks.append(task)
                }
            }
        }
        if let node = mapping["nodes"] {
            spec.nodes = NodeSpec.readList(node, allowsOverride: true, diagnostics: &diagnostics)
        }
        return spec
    }

    /// A project or domain: a catalog name (``Identifier/validateName(_:field:maxLength:)``).
    private static func readCatalogName(_ node: Node, field: String, diagnostics: inout Diagnostics) -> String? {
        guard let text = diagnostics.string(node, scope: .workflow, field: field) else { return nil }
        do {
            try Identifier.validateName(text, field: field, maxLength: DatasetID.maxProjectLength)
            return text
        } catch {
            diagnostics.report(.invalidValue, messageText(of: error, field: field), at: node, field: field)
            return nil
        }
    }

    /// `name: {type: T, from: binding}` for each workflow output.
    private static func readOutputs(_ node: Node, diagnostics: inout Diagnostics) -> [OutputSpec] {
        guard
            let mapping = SpecMapping(node, field: "outputs", scope: .workflow, allowed: nil, diagnostics: &diagnostics)
        else { return [] }
        var outputs: [OutputSpec] = []
        for entry in mapping.entries {
            let field = "workflow output \(entry.key)"
            guard let name = diagnostics.name(entry.keyNode, scope: .workflow, field: field),
                let output = SpecMapping(
                    entry.value, field: field, scope: .workflow, allowed: outputKeys, diagnostics: &diagnostics),
                let typeNode = output.required("type", scope: .workflow, field: field, diagnostics: &diagnostics),
                let type = diagnostics.type(typeNode, scope: .workflow, field: field),
                let from = output.required("from", scope: .workflow, field: field, diagnostics: &diagnostics)
            else { continue }
            outputs.append(OutputSpec(name: name, line: entry.keyNode.mark?.line, type: type, value: from))
        }
        return outputs
    }
}

/// A workflow or future output as written: its name, type and binding.
struct OutputSpec {
    var name: String
    var line: Int?
    var type: LiteralType
    var value: Node
}
