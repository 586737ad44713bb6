import Yams

/// A node's `branch:` as written: its cases in order, each a condition and a task node to run,
/// the last possibly an `else` without a condition.
struct BranchSpec {
    /// One case: its condition (`nil` for `else`) and its node, whose id is `<branch>/<name>`.
    struct Case {
        var name: String
        var condition: ConditionSpec?
        /// The `when:` value, for errors about the condition.
        var conditionNode: Node?
        /// The field errors about the case name (`branch.cases[0]`, `branch.else`).
        var field: String
        var node: NodeSpec
    }

    var cases: [Case] = []

    static let keys = ["cases", "else"]
    static let caseKeys = ["when", "id", "task", "inputs", "override"]

    /// Reads `branch:`; `nil` (after reporting) when it is not a mapping or has no case.
    static func read(_ node: Node, branch: String, diagnostics: inout Diagnostics) -> BranchSpec? {
        let scope = Scope.node(branch)
        guard let mapping = SpecMapping(node, field: "branch", scope: scope, allowed: keys, diagnostics: &diagnostics)
        else { return nil }
        var spec = BranchSpec()
        if let casesNode = mapping.required("cases", scope: scope, field: "branch", diagnostics: &diagnostics) {
            guard case .sequence(let sequence) = casesNode, !sequence.isEmpty else {
                diagnostics.report(
                    .invalidValue, "expected a list of one case or more, got \(casesNode.kindText)", at: casesNode,
                    scope: scope, field: "branch.cases")
                return nil
            }
            for (position, caseNode) in sequence.enumerated() {
                let field = "branch.cases[\(position)]"
                guard
                    let read = readCase(
                        caseNode, branch: branch, name: "case\(position + 1)", field: field, isElse: false,
                        diagnostics: &diagnostics)
                else { continue }
                spec.append(read, diagnostics: &diagnostics)
            }
        }
        if let elseNode = mapping["else"],
            let read = readCase(
                elseNode, branch: branch, name: "else", field: "branch.else", isElse: true, diagnostics: &diagnostics)
        {
            spec.append(read, diagnostics: &diagnostics)
        }
        return spec.cases.isEmpty ? nil : spec
    }

    private mutating func append(_ read: Case, diagnostics: inout Diagnostics) {
        if cases.contains(where: { $0.name == read.name }) {
            diagnostics.report(
                .duplicateName, "case \"\(read.name)\" is named twice", line: read.node.line,
                scope: .node(read.node.caseOf ?? read.node.id), field: read.field + ".id")
            return
        }
        cases.append(read)
    }

    private static func readCase(
        _ node: Node, branch: String, name defaultName: String, field: String, isElse: Bool,
        diagnostics: inout Diagnostics
    ) -> Case? {
        let scope = Scope.node(branch)
        let allowed = isElse ? caseKeys.filter { $0 != "when" } : caseKeys
        guard let mapping = SpecMapping(node, field: field, scope: scope, allowed: allowed, diagnostics: &diagnostics)
        else { return nil }
        var name = defaultName
        if let idNode = mapping["id"] {
            guard let written = diagnostics.name(idNode, scope: scope, field: field + ".id") else { return nil }
            name = written
        }
        var spec = NodeSpec(id: branch + "/" + name, line: node.mark?.line, inputs: [])
        spec.caseOf = branch
        let caseScope = Scope.node(spec.id)
        if let taskNode = mapping.required("task", scope: caseScope, field: field, diagnostics: &diagnostics) {
            spec.task = diagnostics.name(taskNode, scope: caseScope, field: "task")
            spec.taskNode = taskNode
        }
        spec.readBindings(mapping, diagnostics: &diagnostics)
        var read = Case(name: name, field: field, node: spec)
        guard !isElse else { return read }
        guard let whenNode = mapping.required("when", scope: scope, field: field, diagnostics: &diagnostics),
            let text = diagnostics.string(whenNode, scope: scope, field: field + ".when")
        else { return nil }
        read.conditionNode = whenNode
        switch ConditionSpec.parse(text) {
        case .success(let condition): read.condition = condition
        case .failure(let problem):
            diagnostics.report(
                .invalidValue, "\"\(text)\": \(problem.message)", at: whenNode, scope: scope, field: field + ".when")
            return nil
        }
        return read
    }
}
