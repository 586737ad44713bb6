import CairnCore
import Yams

/// Compiles workflow files and dynamic tasks' futures into ``CompiledWorkflow``s.
///
/// One pass reports every problem it finds (``CompileErrors``), each with its file, line, node or
/// task and field. The file format is documented in `docs/workflows.md`.
public enum WorkflowCompiler {
    /// The compiler's version: part of the dataset version under which compiled futures are cached,
    /// so a compiler that compiles differently never reads an older compiler's futures.
    public static let version = "1"

    /// Compiles a workflow file.
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - file: how errors name the file (usually its path as given).
    /// - Throws: ``CompileErrors`` listing every problem found.
    public static func compile(yaml: String, file: String) throws -> CompiledWorkflow {
        var diagnostics = Diagnostics(file: file)
        guard let root = YAMLSource.compose(yaml, diagnostics: &diagnostics) else {
            throw CompileErrors(diagnostics.errors)
        }
        let spec = WorkflowSpec.read(root, diagnostics: &diagnostics)
        var tasks: [String: CompiledTask] = [:]
        for task in spec.tasks { tasks[task.task.name] = task.task }
        let graph = GraphCompiler(
            inputs: spec.inputs.map(\.parameter), tasks: tasks,
            incompleteTasks: Set(spec.tasks.filter { !$0.interfaceComplete }.map(\.task.name)),
            labels: ("workflow input", "workflow output"), nodes: spec.nodes, diagnostics: &diagnostics)
        let compiled = graph.compile(outputs: spec.outputs, diagnostics: &diagnostics)
        checkOverrideNames(tasks: spec.tasks, nodes: graph.nodes, diagnostics: &diagnostics)
        try diagnostics.check()
        guard let compiled else { throw CompileErrors(diagnostics.errors) }
        return CompiledWorkflow(
            name: spec.name, project: spec.project, domain: spec.domain, inputs: spec.inputs.map(\.parameter),
            outputs: compiled.outputs, tasks: tasks, nodes: compiled.nodes)
    }

    /// An override name may be given once, to one task or one node.
    private static func checkOverrideNames(tasks: [TaskSpec], nodes: [NodeSpec], diagnostics: inout Diagnostics) {
        var owners: [String: String] = [:]
        func claim(_ name: String?, owner: String, line: Int?, scope: Scope) {
            guard let name else { return }
            if let first = owners[name] {
                diagnostics.report(
                    .duplicateName, "override name \"\(name)\" is already given to \(first)", line: line, scope: scope,
                    field: "override")
            } else {
                owners[name] = "\(owner)" + (line.map { " (line \($0))" } ?? "")
            }
        }
        for task in tasks {
            claim(
                task.task.overrideName, owner: "task \(task.task.name)", line: task.overrideLine,
                scope: .task(task.task.name))
        }
        for node in nodes {
            claim(node.overrideName, owner: "node \(node.id)", line: node.overrideLine, scope: .node(node.id))
        }
    }
}
