import CairnCore
import Yams

extension GraphCompiler {
    /// One node with every task input bound; dependencies are file indices. `nil` after reporting.
    func compile(_ spec: NodeSpec, diagnostics: inout Diagnostics) -> CompiledNode? {
        let scope = Scope.node(spec.id)
        if let branch = spec.branch { return compile(branch, of: spec, diagnostics: &diagnostics) }
        guard let taskName = spec.task else { return nil }
        guard let task = tasks[taskName] else {
            diagnostics.report(
                .unknownName, "unknown task \"\(taskName)\" (tasks: \(listText(tasks.keys)))", at: spec.taskNode,
                scope: scope, field: spec.map == nil ? "task" : "map.task")
            return nil
        }
        let map = spec.map.flatMap { check($0, task: task, node: spec, diagnostics: &diagnostics) }
        // `over` could not be read (reported): which inputs take lists is unknown, so they are not checked.
        if let written = spec.map, written.over.isEmpty { return nil }
        let mapped = Set(spec.map?.over.map(\.name) ?? [])
        let checksInterface = !incompleteTasks.contains(taskName)
        var complete = spec.map == nil || map != nil
        var bound: [String: Binding] = [:]
        var dependencies = Set<Int>()
        for input in spec.inputs {
            let field = "input \(input.name)"
            guard let parameter = task.inputs.first(where: { $0.name == input.name }) else {
                if checksInterface {
                    let names = listText(task.inputs.map(\.name))
                    diagnostics.report(
                        .unknownName, "task \(taskName) has no input \"\(input.name)\" (inputs: \(names))",
                        at: input.value, scope: scope, field: field)
                }
                complete = false
                continue
            }
            let over = mapped.contains(input.name)
            guard
                let (binding, nodes) = bind(
                    input.value, to: over ? .list(parameter.type) : parameter.type, scope: scope, field: field,
                    diagnostics: &diagnostics)
            else {
                complete = false
                continue
            }
            if let branch = spec.caseOf, let owner = index[branch], nodes.contains(owner) {
                diagnostics.report(
                    .cycle, "reads an output of its own branch \(branch), whose outputs are its case's",
                    at: input.value, scope: scope, field: field)
                complete = false
                continue
            }
            bound[input.name] = binding
            dependencies.formUnion(nodes)
        }
        var inputs: [InputBinding] = []
        for parameter in task.inputs {
            if let binding = bound[parameter.name] {
                inputs.append(InputBinding(name: parameter.name, binding: binding))
            } else if let value = parameter.defaultValue {
                inputs.append(InputBinding(name: parameter.name, binding: .literal(value)))
            } else if !spec.inputs.contains(where: { $0.name == parameter.name }) {
                diagnostics.report(
                    .unboundInput, "not bound, and task \(taskName) gives it no default", line: spec.line, scope: scope,
                    field: "input \(parameter.name)")
                complete = false
            }
        }
        guard complete else { return nil }
        // A case node waits for its branch to choose it.
        if let branch = spec.caseOf, let owner = index[branch] { dependencies.insert(owner) }
        return CompiledNode(
            id: spec.id, task: taskName, inputs: inputs, dependencies: dependencies.sorted(),
            overrideName: spec.overrideName ?? task.overrideName, map: map)
    }

    /// A binding written as `value` for a parameter of `type`: a `$` reference, a literal, or a
    /// list, map or struct holding references at any depth (each part checked against its own type).
    /// - Returns: the binding and the (file) indices of the nodes it reads; `nil` after reporting
    ///   (or, silently, when it reads a node whose own declaration is broken).
    func bind(
        _ value: Node, to type: LiteralType, scope: Scope, field: String, diagnostics: inout Diagnostics
    ) -> (Binding, Set<Int>)? {
        var literalNode = value
        if case .scalar(let scalar) = value, value.tagName == .str, scalar.string.hasPrefix("$") {
            switch Reference.parse(scalar.string) {
            case .failure(let problem):
                diagnostics.report(.invalidValue, problem.message, at: value, scope: scope, field: field)
                return nil
            case .success(.literal(let text)):
                literalNode = Node(text, Tag(.str), .doubleQuoted)
            case .success(.reference(let reference)):
                guard
                    let (binding, node) = resolve(
                        reference, at: value, as: type, scope: scope, field: field, diagnostics: &diagnostics)
                else { return nil }
                return (binding, node.map { [$0] } ?? [])
            }
        }
        if value.holdsDollarText {
            switch (value, type) {
            case (.sequence(let sequence), .list(let element)):
                return bindList(sequence, of: element, scope: scope, field: field, diagnostics: &diagnostics)
            case (.mapping(let mapping), .map(let element)):
                let bound = bindMapping(mapping, field: field, scope: scope, diagnostics: &diagnostics) { _ in element }
                guard let (parts, nodes) = bound else { return nil }
                return (Self.assembled(.map(parts)), nodes)
            case (.mapping(let mapping), .structure(let fields)):
                return bindStructure(
                    mapping, fields: fields, at: value, scope: scope, field: field, diagnostics: &diagnostics)
            default:
                break
            }
        }
        switch literalNode.literal(as: type, label: field) {
        case .success(let literal):
            return (.literal(literal), [])
        case .failure(let problem):
            diagnostics.report(.typeMismatch, problem.message, at: value, scope: scope, field: field)
            return nil
        }
    }
}
