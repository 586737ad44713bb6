import CairnCore

extension Overrides {
    /// Checks that every override name is one the workflow gives to a task or node.
    /// - Throws: ``CompileErrors`` with an error per unknown name, listing the known names.
    public func validate(against workflow: CompiledWorkflow) throws {
        let known = Set(workflow.tasks.values.compactMap(\.overrideName) + workflow.nodes.compactMap(\.overrideName))
        let errors = overrides.keys.sorted().filter { !known.contains($0) }.map { name in
            let origin = origins[name] ?? Origin(file: "--override", line: nil)
            let names = known.isEmpty ? "the workflow gives no override names" : "known: \(listText(known))"
            return CompileError(
                .unknownName, file: origin.file, line: origin.line, field: "override \(name)",
                message: "workflow \(workflow.name) has no override name \"\(name)\" (\(names))")
        }
        if !errors.isEmpty { throw CompileErrors(errors) }
    }

    /// The settings a node runs with: its task's, with the node's override (if any) applied.
    public func settings(for node: CompiledNode, in workflow: CompiledWorkflow) -> TaskSettings {
        let settings = workflow.tasks[node.task]?.settings ?? TaskSettings()
        guard let name = node.overrideName, let override = overrides[name] else { return settings }
        return override.applied(to: settings)
    }
}
