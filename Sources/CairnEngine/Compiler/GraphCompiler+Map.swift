import CairnCore

/// Map nodes: the task they run per element and the inputs they run over.
extension GraphCompiler {
    /// The compiled settings of a map node's `map:`, or `nil` after reporting: the task must be
    /// regular, and each name of `over` an input of the task that the node binds.
    func check(_ map: MapSpec, task: CompiledTask, node spec: NodeSpec, diagnostics: inout Diagnostics)
        -> MapSettings?
    {
        let scope = Scope.node(spec.id)
        var complete = !map.over.isEmpty
        if task.kind != .regular {
            diagnostics.report(
                .invalidValue, "task \(task.name) is \(task.kind.rawValue); a map runs regular tasks only",
                at: map.taskNode, scope: scope, field: "map.task")
            complete = false
        }
        for over in map.over {
            guard task.inputs.contains(where: { $0.name == over.name }) else {
                if !incompleteTasks.contains(task.name) {
                    diagnostics.report(
                        .unknownName,
                        "task \(task.name) has no input \"\(over.name)\" (inputs: \(listText(task.inputs.map(\.name))))",
                        at: over.node, scope: scope, field: "map.over")
                }
                complete = false
                continue
            }
            if !spec.inputs.contains(where: { $0.name == over.name }) {
                diagnostics.report(
                    .unboundInput, "input \(over.name) is mapped over but not bound (bind it to a list)",
                    at: over.node, scope: scope, field: "map.over")
                complete = false
            }
        }
        guard complete else { return nil }
        return MapSettings(
            over: map.over.map(\.name), concurrency: map.concurrency, minSuccessRatio: map.minSuccessRatio)
    }
}
