import CairnCore

/// Branch nodes: choosing a case, running its node, and taking its outputs.
extension Execution {
    /// Chooses the branch's case (the one the state records, after a resume), marks the other
    /// cases' nodes skipped and starts the chosen one; the branch waits for it.
    mutating func startBranch(_ index: Int, _ branch: BranchSettings) {
        let id = graph.nodes[index].id
        let chosen: Int
        if let recorded = state.branches[index], branch.cases.indices.contains(recorded) {
            chosen = recorded
        } else {
            do {
                guard let first = try firstMatch(of: branch, scope: graph.nodes[index].scope, node: id) else {
                    fail(index, try noMatch(branch, scope: graph.nodes[index].scope, node: id))
                    return
                }
                chosen = first
            } catch let needed as BlobNeeded {
                blobQueue.append((index, needed.reference, .start))
                return
            } catch {
                fail(index, TaskRunner.engineError(error))
                return
            }
        }
        state.branches[index] = chosen
        state.nodes[index].phase = .waitingForChildren
        let base = graph.scopes[graph.nodes[index].scope].base
        for (position, branchCase) in branch.cases.enumerated() where position != chosen {
            state.nodes[base + branchCase.node].phase = .skipped
            state.nodes[base + branchCase.node].error = "not run: \(id) chose case \(branch.cases[chosen].name)"
        }
        let node = base + branch.cases[chosen].node
        switch state.nodes[node].phase {
        // Finished before a resume: the branch takes its outputs without running it again.
        case .succeeded, .failed, .skipped: caseEnded(node)
        default: startIfReady(node)
        }
    }

    /// After a resume (which leaves every unfinished node pending): the cases a branch did not
    /// choose are skipped again, also when the branch itself succeeded and will not choose again.
    mutating func skipUnchosenCases() {
        for (index, chosen) in state.branches {
            guard let branch = graph.compiled(index).branch, branch.cases.indices.contains(chosen) else { continue }
            let base = graph.scopes[graph.nodes[index].scope].base
            for (position, branchCase) in branch.cases.enumerated()
            where position != chosen && state.nodes[base + branchCase.node].phase == .pending {
                state.nodes[base + branchCase.node].phase = .skipped
                state.nodes[base + branchCase.node].error =
                    "not run: \(graph.nodes[index].id) chose case \(branch.cases[chosen].name)"
            }
        }
    }

    /// Whether `dependency` is a branch that chose `node` as its case (which lets the case start).
    func chose(_ node: Int, branch dependency: Int) -> Bool {
        guard let chosen = state.branches[dependency], let branch = graph.compiled(dependency).branch,
            state.nodes[dependency].phase == .waitingForChildren
        else { return false }
        return graph.scopes[graph.nodes[dependency].scope].base + branch.cases[chosen].node == node
    }

    /// A node finished: when it is its branch's chosen case, the branch takes its outputs (in
    /// the order of the branch's own task) or fails with it.
    mutating func caseEnded(_ node: Int) {
        guard let owner = graph.branchOf[node], chose(node, branch: owner) else { return }
        let name = graph.compiled(owner).branch.flatMap { branch in state.branches[owner].map { branch.cases[$0].name }
        }
        guard state.nodes[node].phase == .succeeded, let outputs = state.nodes[node].outputs else {
            let reason = state.nodes[node].error.map { ": \($0)" } ?? ""
            fail(
                owner,
                EngineError(.taskFailed, "case \(name ?? "?") (\(graph.nodes[node].id)) did not succeed\(reason)"))
            return
        }
        let caseTask = graph.task(node)
        let ordered = graph.task(owner).outputs.map { output in
            outputs[caseTask.outputs.firstIndex { $0.name == output.name }!]
        }
        succeed(owner, outputs: ordered)
    }

    /// Whether a node was skipped only because its branch, which succeeded, chose another case.
    func notChosen(_ node: Int) -> Bool {
        guard state.nodes[node].phase == .skipped, let owner = graph.branchOf[node] else { return false }
        return state.nodes[owner].phase == .succeeded
    }

    /// The index of the first case whose condition holds (an `else` always does); `nil` for none.
    private func firstMatch(of branch: BranchSettings, scope: Int, node: String) throws -> Int? {
        for (position, branchCase) in branch.cases.enumerated() {
            guard let condition = branchCase.condition else { return position }
            if try holds(condition, scope: scope, node: node) { return position }
        }
        return nil
    }

    private func holds(_ condition: Condition, scope: Int, node: String) throws -> Bool {
        switch condition {
        case .and(let left, let right):
            return try holds(left, scope: scope, node: node) && holds(right, scope: scope, node: node)
        case .or(let left, let right):
            return try holds(left, scope: scope, node: node) || holds(right, scope: scope, node: node)
        case .not(let inner):
            return try !holds(inner, scope: scope, node: node)
        case .comparison(let left, let op, let right):
            let what = "node \(node) condition"
            let leftValue = try value(of: left.binding, scope: scope, what: what)
            let rightValue = try value(of: right.binding, scope: scope, what: what)
            guard let result = Self.compare(leftValue, op, rightValue) else {
                throw EngineError(
                    .invalidInput,
                    "node \(node): cannot compare \(left.text) (\(leftValue.conditionText)) with \(right.text)"
                        + " (\(rightValue.conditionText))")
            }
            return result
        }
    }

    /// `left op right`; `nil` when the values are not comparable that way.
    static func compare(_ left: Literal, _ op: ComparisonOperator, _ right: Literal) -> Bool? {
        func ordered<T: Comparable>(_ left: T, _ right: T) -> Bool {
            switch op {
            case .equal: left == right
            case .notEqual: left != right
            case .less: left < right
            case .lessOrEqual: left <= right
            case .greater: left > right
            case .greaterOrEqual: left >= right
            }
        }
        switch (left, right) {
        case (.int(let left), .int(let right)): return ordered(left, right)
        case (.float(let left), .float(let right)): return ordered(left, right)
        case (.int(let left), .float(let right)): return ordered(Double(left), right)
        case (.float(let left), .int(let right)): return ordered(left, Double(right))
        case (.string(let left), .string(let right)): return ordered(left, right)
        case (.datetime(let left), .datetime(let right)): return ordered(left, right)
        case (.duration(let left), .duration(let right)): return ordered(left, right)
        case (.bool(let left), .bool(let right)):
            switch op {
            case .equal: return left == right
            case .notEqual: return left != right
            default: return nil
            }
        default: return nil
        }
    }

    /// The error when no case holds: every value the conditions compared.
    private func noMatch(_ branch: BranchSettings, scope: Int, node: String) throws -> EngineError {
        var seen = Set<String>()
        var values: [String] = []
        for operand in branch.cases.compactMap(\.condition).flatMap(\.operands) {
            if case .literal = operand.binding { continue }
            guard seen.insert(operand.text).inserted else { continue }
            let value = try value(of: operand.binding, scope: scope, what: "node \(node) condition")
            values.append("\(operand.text) = \(value.conditionText)")
        }
        let names = branch.cases.map(\.name).joined(separator: ", ")
        return EngineError(
            .noBranchMatched,
            "node \(node): no case matched (cases: \(names); no else) with " + values.joined(separator: ", "))
    }
}

extension Literal {
    /// A compared value as an error shows it (JSON form: strings quoted).
    var conditionText: String { jsonText() }
}
