import CairnCore
import Foundation
import Testing

@testable import CairnEngine

/// Branch nodes in the compiler: the form, conditions and their types, and every error.
@Suite struct BranchCompilerTests {
    /// `big` and `small` output `y: int`; `other` outputs `z: string`. The first node is on line 19.
    static func workflow(nodes: String, outputs: String = "") -> String {
        """
        workflow: w
        project: p
        domain: d
        inputs: {n: int, f: float, s: string, b: bool, t: datetime, d: duration, xs: list<int>}
        tasks:
          up:
            outputs: {m: int, name: string}
            command: [echo]
          big:
            inputs: {x: int}
            outputs: {y: int}
            command: [echo]
          small: {inputs: {x: int}, outputs: {y: int}, command: [echo]}
          other: {outputs: {z: string}, command: [echo]}
          dyn: {kind: dynamic, inputs: {x: int}, outputs: {y: int}, command: [echo]}
          use: {inputs: {y: int}, outputs: {y: int}, command: [echo]}
        \(outputs)
        nodes:
        \(nodes)
        """
    }

    func errors(_ nodes: String) -> [String] {
        do {
            _ = try WorkflowCompiler.compile(yaml: Self.workflow(nodes: nodes), file: "w.yaml")
            return []
        } catch let errors as CompileErrors {
            return errors.errors.map(\.description)
        } catch {
            return ["unexpected error: \(error)"]
        }
    }

    /// `pick` on lines 20 … 27 (its `when:` on line 23, its `else` on line 27).
    static func branch(_ when: String, elseTask: String? = "small") -> String {
        var lines = [
            "  - {id: up, task: up}",
            "  - id: pick",
            "    branch:",
            "      cases:",
            "        - when: '\(when)'",
            "          id: large",
            "          task: big",
            "          inputs: {x: $inputs.n}",
        ]
        if let elseTask { lines.append("      else: {task: \(elseTask), inputs: {x: 1}}") }
        return lines.joined(separator: "\n")
    }

    @Test func branchCompilesToABranchNodeAndOneNodePerCase() throws {
        let yaml = Self.workflow(
            nodes: """
                  - {id: up, task: up}
                  - id: pick
                    branch:
                      cases:
                        - when: '$up.m > 10 and not ($inputs.s == "x" or $inputs.b != true)'
                          id: large
                          task: big
                          inputs: {x: $up.m}
                        - {when: '$inputs.f <= 2.5', task: small, inputs: {x: 2}}
                      else: {task: small, inputs: {x: 3}}
                  - {id: after, task: use, inputs: {y: $pick.y}}
                """,
            outputs: "outputs: {y: {type: int, from: $pick.y}}")
        let workflow = try WorkflowCompiler.compile(yaml: yaml, file: "w.yaml")
        #expect(workflow.nodes.map(\.id) == ["up", "pick", "pick/large", "pick/case2", "pick/else", "after"])
        let pick = try #require(workflow.nodes[1].branch)
        #expect(pick.cases.map(\.name) == ["large", "case2", "else"])
        #expect(pick.cases.map(\.node) == [2, 3, 4])
        #expect(pick.cases[2].condition == nil)
        // The branch reads what its conditions read; each case waits for the branch (and its own inputs).
        #expect(workflow.nodes[1].dependencies == [0])
        #expect(workflow.nodes[1].task == "big")
        #expect(workflow.nodes[2].dependencies == [0, 1])
        #expect(workflow.nodes[3].dependencies == [1])
        #expect(workflow.nodes[5].dependencies == [1])
        let m = Condition.Operand(binding: .nodeOutput(node: 0, output: "m", path: []), text: "$up.m")
        let ten = Condition.Operand(binding: .literal(.int(10)), text: "10")
        let s = Condition.Operand(binding: .workflowInput(name: "s", path: []), text: "$inputs.s")
        let x = Condition.Operand(binding: .literal(.string("x")), text: "\"x\"")
        let b = Condition.Operand(binding: .workflowInput(name: "b", path: []), text: "$inputs.b")
        let yes = Condition.Operand(binding: .literal(.bool(true)), text: "true")
        #expect(
            pick.cases[0].condition
                == .and(
                    .comparison(m, .greater, ten),
                    .not(.or(.comparison(s, .equal, x), .comparison(b, .notEqual, yes)))))
        #expect(
            pick.cases[1].condition
                == .comparison(
                    Condition.Operand(binding: .workflowInput(name: "f", path: []), text: "$inputs.f"), .lessOrEqual,
                    Condition.Operand(binding: .literal(.float(2.5)), text: "2.5")))
    }

    @Test func everyComparableTypeAndOperatorCompiles() throws {
        let conditions = [
            "$inputs.n == 1", "$inputs.n != 1.5", "$inputs.f < 2", "1 <= $inputs.n", "$inputs.s > \"a\"",
            "$inputs.s >= abc", "$inputs.b == false", "$inputs.t < \"2026-11-21T10:00:00Z\"",
            "$inputs.d >= \"1h30m\"", "$inputs.d < 90", "$inputs.xs[0] == $inputs.n", "$inputs.n > $inputs.f",
            "$up.name == \"a\" or ($up.m < 3 and $up.m > 1)", "not not $inputs.n == 1",
        ]
        for condition in conditions {
            #expect(errors(Self.branch(condition)) == [], "\(condition)")
        }
        let yaml = Self.workflow(nodes: Self.branch("$inputs.t < \"2026-11-21T10:00:00Z\" and $inputs.d >= \"1.5s\""))
        let workflow = try WorkflowCompiler.compile(yaml: yaml, file: "w.yaml")
        guard
            case .and(.comparison(_, _, let time), .comparison(_, _, let duration)) = workflow.nodes[1].branch?
                .cases[0].condition
        else {
            Issue.record("unexpected condition")
            return
        }
        #expect(time.binding == .literal(.datetime(nanoseconds: 1_795_255_200_000_000_000)))
        #expect(duration.binding == .literal(.duration(nanoseconds: 1_500_000_000)))
    }

    @Test func conditionErrorsNameFileLineNodeAndField() {
        let field = "w.yaml:23: node pick: branch.cases[0].when"
        let cases: [(String, String)] = [
            ("$inputs.n >", "\"$inputs.n >\": expected a value after >"),
            (
                "$inputs.n",
                "\"$inputs.n\": expected ==, !=, <, <=, > or >= after $inputs.n (a condition compares two values: $inputs.n > 10)"
            ),
            ("($inputs.n == 1", "\"($inputs.n == 1\": a \"(\" is not closed"),
            ("$inputs.n == 1 1", "\"$inputs.n == 1 1\": unexpected 1 after a complete condition"),
            ("$inputs.n = 1", "\"$inputs.n = 1\": unknown operator \"=\" (use ==, !=, <, <=, > or >=)"),
            ("$inputs.s == \"x", "\"$inputs.s == \"x\": a string starting with \" is not closed"),
            (
                "and $inputs.n == 1",
                "\"and $inputs.n == 1\": unexpected \"and\" where a comparison or \"(\" was expected"
            ),
            ("$inputs.nope == 1", "$inputs.nope names no workflow input (inputs: b, d, f, n, s, t, xs)"),
            ("$gone.m == 1", "$gone.m names no node \"gone\" (nodes: pick, pick/else, pick/large, up)"),
            ("$up.q == 1", "$up.q: task up of node up has no output \"q\" (outputs: m, name)"),
            ("$inputs.n == \"x\"", "$inputs.n == \"x\": \"x\" is not a int value"),
            ("$inputs.s == $inputs.n", "$inputs.s == $inputs.n compares string with int"),
            ("$inputs.b < true", "$inputs.b < true: bool values have no order (use == or !=)"),
            (
                "$inputs.xs == 1",
                "$inputs.xs == 1: $inputs.xs is list<int>; a condition compares int, float, string, bool, datetime or duration values"
            ),
            ("1 == 2", "1 == 2 compares two values written in the condition: one side must be a $ reference"),
            ("$inputs.t > \"yesterday\"", "$inputs.t > \"yesterday\": \"yesterday\" is not a datetime value"),
        ]
        for (condition, message) in cases {
            let found = errors(Self.branch(condition))
            #expect(found.contains { $0 == "\(field): \(message)" || $0.hasSuffix(": " + message) }, "\(found)")
            #expect(found.allSatisfy { $0.hasPrefix(field) || $0.hasPrefix("w.yaml:23: node pick") }, "\(found)")
        }
    }

    @Test func casesMustDeclareTheSameOutputs() {
        #expect(
            errors(Self.branch("$inputs.n > 1", elseTask: "other")) == [
                "w.yaml:27: node pick: branch.else.task: task other has outputs (z: string), task big of case large"
                    + " has (y: int): every case declares the same output names and types",
                "w.yaml:27: node pick/else: input x: task other has no input \"x\" (inputs: none)",
            ])
    }

    @Test func formErrors() {
        #expect(
            errors("  - {id: pick, branch: {cases: []}}") == [
                "w.yaml:19: node pick: branch.cases: expected a list of one case or more, got a list"
            ])
        #expect(
            errors("  - {id: pick, task: big, branch: {cases: [{when: '$inputs.n > 1', task: big, inputs: {x: 1}}]}}")
                == ["w.yaml:19: node pick: task: a branch node has no task of its own (its cases have)"])
        #expect(
            errors("  - {id: pick, branch: {cases: [{task: big, inputs: {x: 1}}]}}") == [
                "w.yaml:19: node pick: branch.cases[0]: missing key \"when\""
            ])
        #expect(
            errors("  - {id: pick, branch: {cases: [{when: '$inputs.n > 1', inputs: {x: 1}}]}}") == [
                "w.yaml:19: node pick/case1: branch.cases[0]: missing key \"task\""
            ])
        #expect(
            errors(
                "  - {id: pick, branch: {cases: [{when: '$inputs.n > 1', task: big, inputs: {x: 1}}], else: {when: x, task: big}}}"
            ).first?.hasPrefix("w.yaml:19: node pick: branch.else: unknown key \"when\"") == true)
        #expect(
            errors(
                "  - {id: pick, branch: {cases: [{when: '$inputs.n > 1', id: a, task: big, inputs: {x: 1}}, {when: '$inputs.n > 2', id: a, task: big, inputs: {x: 1}}]}}"
            ) == ["w.yaml:19: node pick: branch.cases[1].id: case \"a\" is named twice"])
        #expect(
            errors("  - {id: pick, branch: {cases: [{when: '$inputs.n > 1', task: nope}]}}") == [
                "w.yaml:19: node pick/case1: task: unknown task \"nope\" (tasks: big, dyn, other, small, up, use)"
            ])
    }

    @Test func aCaseMayNotReadItsOwnBranch() {
        let found = errors(
            "  - {id: pick, branch: {cases: [{when: '$inputs.n > 1', task: big, inputs: {x: $pick.y}}]}}")
        #expect(
            found == [
                "w.yaml:19: node pick/case1: input x: reads an output of its own branch pick, whose outputs are its"
                    + " case's"
            ])
    }

    @Test func aFutureMayNotHoldBranchNodes() throws {
        let workflow = try WorkflowCompiler.compile(
            yaml: Self.workflow(nodes: "  - {id: a, task: big, inputs: {x: 1}}"), file: "w.yaml")
        let future = """
            nodes:
              - {id: p, branch: {cases: [{when: '$inputs.x > 1', task: big, inputs: {x: 1}}]}}
            outputs: {y: $p.y}
            """
        do {
            _ = try WorkflowCompiler.compileFuture(
                text: future, for: workflow.tasks["dyn"]!, in: workflow, file: "future.yaml")
            Issue.record("a future with a branch node compiled")
        } catch let errors as CompileErrors {
            #expect(
                errors.errors.map(\.description).first
                    == "future.yaml:2: node p: unknown key \"branch\" (allowed: id, inputs, task)")
        }
    }
}
