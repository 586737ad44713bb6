import CairnCore
import Yams

/// A task declaration read from the `tasks:` mapping.
struct TaskSpec {
    var task: CompiledTask
    var line: Int?
    /// The line of its `override:` key, for duplicate-name errors.
    var overrideLine: Int?
    /// Whether every input and output was read; when not, nodes using the task are not checked
    /// against its interface (the declaration's own errors say what is wrong).
    var interfaceComplete: Bool

    static let keys = [
        "kind", "inputs", "outputs", "command", "environment", "cache", "retries", "timeout", "resources",
        "task_config", "override",
    ]

    /// Reads one task; `nil` when it is not a mapping at all.
    static func read(name: String, line: Int?, _ node: Node, diagnostics: inout Diagnostics) -> TaskSpec? {
        let scope = Scope.task(name)
        guard let mapping = SpecMapping(node, field: nil, scope: scope, allowed: keys, diagnostics: &diagnostics)
        else { return nil }
        var task = CompiledTask(
            name: name, kind: .regular, inputs: [], outputs: [], command: [], settings: TaskSettings())
        var complete = true
        if let kindNode = mapping["kind"], let text = diagnostics.string(kindNode, scope: scope, field: "kind") {
            if let kind = CompiledTask.Kind(rawValue: text) {
                task.kind = kind
            } else {
                diagnostics.report(
                    .invalidValue, "expected regular or dynamic, got \"\(text)\"", at: kindNode, scope: scope,
                    field: "kind")
            }
        }
        for (key, form, label) in [("inputs", ParameterSpec.Form.input, "input"), ("outputs", .output, "output")] {
            guard let parametersNode = mapping[key] else { continue }
            let (parameters, allRead) = ParameterSpec.read(
                parametersNode, form: form, scope: scope, field: key, itemLabel: label, diagnostics: &diagnostics)
            complete = complete && allRead
            if key == "inputs" {
                task.inputs = parameters.map(\.parameter)
            } else {
                task.outputs = parameters.map(\.parameter)
            }
        }
        if let commandNode = mapping.required("command", scope: scope, diagnostics: &diagnostics),
            let command = diagnostics.stringList(commandNode, scope: scope, field: "command")
        {
            if command.isEmpty || command[0].isEmpty {
                diagnostics.report(
                    .invalidValue, "the command must not be empty", at: commandNode, scope: scope, field: "command")
            }
            task.command = command
        }
        task.settings = SettingsSpec.read(mapping, task: task, scope: scope, diagnostics: &diagnostics)
        var overrideLine: Int?
        if let overrideNode = mapping["override"] {
            task.overrideName = diagnostics.name(overrideNode, scope: scope, field: "override")
            overrideLine = overrideNode.mark?.line
        }
        return TaskSpec(task: task, line: line, overrideLine: overrideLine, interfaceComplete: complete)
    }
}
