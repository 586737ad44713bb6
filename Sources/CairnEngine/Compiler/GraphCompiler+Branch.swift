import CairnCore
import Yams

/// Branch nodes: their conditions, resolved and type-checked, and their cases' outputs.
extension GraphCompiler {
    /// The types a condition compares.
    static let comparableTypes: [LiteralType] = [.int, .float, .string, .bool, .datetime, .duration]

    /// A branch node: a node that runs no task and reads what its conditions read; its case nodes
    /// are compiled on their own (each depends on it). `nil` after reporting.
    func compile(_ branch: BranchSpec, of spec: NodeSpec, diagnostics: inout Diagnostics) -> CompiledNode? {
        let scope = Scope.node(spec.id)
        var complete = true
        var dependencies = Set<Int>()
        var cases: [BranchSettings.Case] = []
        let first = branch.cases[0]
        for written in branch.cases {
            var condition: Condition?
            if let spec = written.condition {
                guard
                    let (checked, nodes) = check(
                        spec, at: written.conditionNode, scope: scope, field: written.field + ".when",
                        diagnostics: &diagnostics)
                else {
                    complete = false
                    continue
                }
                condition = checked
                dependencies.formUnion(nodes)
            }
            checkOutputs(of: written, against: first, scope: scope, diagnostics: &diagnostics)
            guard let node = index[written.node.id] else {
                complete = false
                continue
            }
            cases.append(BranchSettings.Case(name: written.name, condition: condition, node: node))
        }
        guard complete, let taskName = first.node.task, tasks[taskName] != nil else { return nil }
        return CompiledNode(
            id: spec.id, task: taskName, inputs: [], dependencies: dependencies.sorted(),
            branch: BranchSettings(cases: cases))
    }

    /// Every case declares the first case's output names and types (the branch's outputs).
    private func checkOutputs(
        of written: BranchSpec.Case, against first: BranchSpec.Case, scope: Scope, diagnostics: inout Diagnostics
    ) {
        guard let name = written.node.task, let task = tasks[name], let firstName = first.node.task,
            let firstTask = tasks[firstName], !incompleteTasks.contains(name), !incompleteTasks.contains(firstName)
        else { return }
        func text(_ task: CompiledTask) -> String {
            task.outputs.isEmpty
                ? "none" : task.outputs.map { "\($0.name): \($0.type)" }.sorted().joined(separator: ", ")
        }
        guard text(task) != text(firstTask) else { return }
        diagnostics.report(
            .typeMismatch,
            "task \(name) has outputs (\(text(task))), task \(firstName) of case \(first.name) has (\(text(firstTask))):"
                + " every case declares the same output names and types", at: written.node.taskNode, scope: scope,
            field: written.field + ".task")
    }

    /// A condition with its references resolved and its comparisons type-checked, and the (file)
    /// indices of the nodes it reads; `nil` after reporting.
    func check(
        _ condition: ConditionSpec, at node: Node?, scope: Scope, field: String, diagnostics: inout Diagnostics
    ) -> (Condition, Set<Int>)? {
        switch condition {
        case .and(let left, let right), .or(let left, let right):
            let checkedLeft = check(left, at: node, scope: scope, field: field, diagnostics: &diagnostics)
            let checkedRight = check(right, at: node, scope: scope, field: field, diagnostics: &diagnostics)
            guard let (left, leftNodes) = checkedLeft, let (right, rightNodes) = checkedRight else { return nil }
            let combined: Condition
            if case .and = condition { combined = .and(left, right) } else { combined = .or(left, right) }
            return (combined, leftNodes.union(rightNodes))
        case .not(let inner):
            guard let (checked, nodes) = check(inner, at: node, scope: scope, field: field, diagnostics: &diagnostics)
            else { return nil }
            return (.not(checked), nodes)
        case .comparison(let left, let op, let right):
            return compare(left, op, right, at: node, scope: scope, field: field, diagnostics: &diagnostics)
        }
    }

    private func compare(
        _ left: ConditionSpec.Operand, _ op: ComparisonOperator, _ right: ConditionSpec.Operand, at node: Node?,
        scope: Scope, field: String, diagnostics: inout Diagnostics
    ) -> (Condition, Set<Int>)? {
        let comparison = "\(left.text) \(op.rawValue) \(right.text)"
        let leftType = reference(left, at: node, scope: scope, field: field, diagnostics: &diagnostics)
        let rightType = reference(right, at: node, scope: scope, field: field, diagnostics: &diagnostics)
        // A reference that did not resolve was reported.
        if case .reference = left, leftType == nil { return nil }
        if case .reference = right, rightType == nil { return nil }
        var nodes = Set<Int>()
        var operands: [Condition.Operand] = []
        var types: [LiteralType] = []
        for (operand, resolved, other) in [(left, leftType, rightType), (right, rightType, leftType)] {
            if let (binding, read, type) = resolved {
                if let read { nodes.insert(read) }
                guard Self.comparableTypes.contains(type) else {
                    diagnostics.report(
                        .typeMismatch,
                        "\(comparison): \(operand.text) is \(type); a condition compares int, float, string, bool,"
                            + " datetime or duration values", at: node, scope: scope, field: field)
                    return nil
                }
                operands.append(Condition.Operand(binding: binding, text: operand.text))
                types.append(type)
            } else {
                guard let (_, _, type) = other else {
                    diagnostics.report(
                        .invalidValue,
                        "\(comparison) compares two values written in the condition: one side must be"
                            + " a $ reference", at: node, scope: scope, field: field)
                    return nil
                }
                guard let value = literal(operand, as: type) else {
                    diagnostics.report(
                        .typeMismatch, "\(comparison): \(operand.text) is not a \(type) value", at: node, scope: scope,
                        field: field)
                    return nil
                }
                operands.append(Condition.Operand(binding: .literal(value), text: operand.text))
                types.append(value.comparableType ?? type)
            }
        }
        let numeric: Set<LiteralType> = [.int, .float]
        guard types[0] == types[1] || (numeric.contains(types[0]) && numeric.contains(types[1])) else {
            diagnostics.report(
                .typeMismatch, "\(comparison) compares \(types[0]) with \(types[1])", at: node, scope: scope,
                field: field)
            return nil
        }
        if op.isOrdering, types[0] == .bool {
            diagnostics.report(
                .typeMismatch, "\(comparison): bool values have no order (use == or !=)", at: node, scope: scope,
                field: field)
            return nil
        }
        return (.comparison(operands[0], op, operands[1]), nodes)
    }

    /// A `$` operand resolved: its binding, the node it reads and its type; `nil` for other operands
    /// (and, after reporting, for a reference that does not resolve).
    private func reference(
        _ operand: ConditionSpec.Operand, at node: Node?, scope: Scope, field: String,
        diagnostics: inout Diagnostics
    ) -> (Binding, Int?, LiteralType)? {
        guard case .reference(let text) = operand else { return nil }
        switch Reference.parse(text) {
        case .failure(let problem):
            diagnostics.report(.invalidValue, problem.message, at: node, scope: scope, field: field)
            return nil
        case .success(.literal):
            // `$$…` (a string starting with `$`) is not a reference.
            diagnostics.report(
                .invalidValue, "\(text) is not a reference (write a string in quotes)", at: node, scope: scope,
                field: field)
            return nil
        case .success(.reference(let reference)):
            return resolve(reference, at: node, scope: scope, field: field, diagnostics: &diagnostics)
        }
    }

    /// A value written in a condition as a literal of `type` (an int may be compared with a float
    /// value, and a float with an int one), read as YAML or JSON would read it.
    private func literal(_ operand: ConditionSpec.Operand, as type: LiteralType) -> Literal? {
        var candidates: [Node] = []
        switch operand {
        case .reference: return nil
        case .quoted(let text): candidates = [Node(text, Tag(.str), .doubleQuoted)]
        case .plain(let text):
            if let composed = try? Yams.compose(yaml: text) { candidates.append(composed) }
            candidates.append(Node(text, Tag(.str), .doubleQuoted))
        }
        let types: [LiteralType] = type == .int ? [.int, .float] : [type]
        for candidate in candidates {
            for type in types {
                if case .success(let value) = candidate.literal(as: type, label: "value") { return value }
            }
        }
        return nil
    }
}

extension Literal {
    /// The type of a scalar value a condition compares; `nil` for other values.
    var comparableType: LiteralType? {
        switch self {
        case .int: .int
        case .float: .float
        case .string: .string
        case .bool: .bool
        case .datetime: .datetime
        case .duration: .duration
        default: nil
        }
    }
}
