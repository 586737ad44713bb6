import CairnCore
import Yams

extension WorkflowCompiler {
    /// Compiles the future a dynamic task wrote: `nodes:` using the workflow's tasks, and `outputs:`
    /// binding each of the task's outputs. `$inputs.<name>` reads the dynamic task's inputs.
    /// - Parameters:
    ///   - text: the future, YAML or JSON.
    ///   - task: the dynamic task that wrote it; its inputs and outputs are the future's.
    ///   - workflow: the workflow the task belongs to; gives the tasks, project and domain.
    ///   - file: how errors name the future.
    /// - Returns: a workflow named after the task.
    /// - Throws: ``CompileErrors`` listing every problem found.
    public static func compileFuture(
        text: String, for task: CompiledTask, in workflow: CompiledWorkflow, file: String
    ) throws -> CompiledWorkflow {
        var diagnostics = Diagnostics(file: file)
        guard let root = YAMLSource.compose(text, diagnostics: &diagnostics),
            let mapping = SpecMapping(
                root, field: nil, scope: .workflow, allowed: ["nodes", "outputs"], diagnostics: &diagnostics)
        else { throw CompileErrors(diagnostics.errors) }
        let nodes =
            mapping["nodes"].map { NodeSpec.readList($0, allowsOverride: false, diagnostics: &diagnostics) } ?? []
        let outputs = readOutputs(mapping, task: task, diagnostics: &diagnostics)
        let graph = GraphCompiler(
            inputs: task.inputs, tasks: workflow.tasks, incompleteTasks: [],
            labels: ("input of task \(task.name)", "output"), nodes: nodes, diagnostics: &diagnostics)
        let compiled = graph.compile(outputs: outputs, diagnostics: &diagnostics)
        try diagnostics.check()
        guard let compiled else { throw CompileErrors(diagnostics.errors) }
        return CompiledWorkflow(
            name: task.name, project: workflow.project, domain: workflow.domain, inputs: task.inputs,
            outputs: compiled.outputs, tasks: workflow.tasks, nodes: compiled.nodes)
    }

    /// `outputs: {name: binding}`: exactly the task's outputs, typed by the task.
    private static func readOutputs(
        _ mapping: SpecMapping, task: CompiledTask, diagnostics: inout Diagnostics
    ) -> [OutputSpec] {
        let entries =
            mapping["outputs"].flatMap {
                SpecMapping($0, field: "outputs", scope: .workflow, allowed: nil, diagnostics: &diagnostics)
            }?.entries ?? []
        var outputs: [OutputSpec] = []
        for entry in entries {
            guard let output = task.outputs.first(where: { $0.name == entry.key }) else {
                let names = listText(task.outputs.map(\.name))
                diagnostics.report(
                    .unknownName, "task \(task.name) has no output \"\(entry.key)\" (outputs: \(names))",
                    at: entry.keyNode, field: "output \(entry.key)")
                continue
            }
            outputs.append(
                OutputSpec(name: output.name, line: entry.keyNode.mark?.line, type: output.type, value: entry.value))
        }
        for output in task.outputs where !entries.contains(where: { $0.key == output.name }) {
            diagnostics.report(
                .unboundInput, "not bound (a future must bind every output of task \(task.name))", at: mapping.node,
                field: "output \(output.name)")
        }
        // In the task's order, whatever order the future wrote them in.
        return task.outputs.compactMap { output in outputs.first { $0.name == output.name } }
    }
}
