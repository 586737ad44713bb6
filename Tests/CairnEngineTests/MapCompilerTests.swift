import CairnCore
import CairnEngine
import Foundation
import Testing

/// Map nodes in the compiler: the form, the types of their inputs and outputs, and every error.
@Suite struct MapCompilerTests {
    /// `square` takes an int and an offset; `dyn` is a dynamic task. The first node is on line 17.
    static func workflow(nodes: String, outputs: String = "") -> String {
        """
        workflow: w
        project: p
        domain: d
        inputs: {xs: list<int>, ys: list<int>, n: int}
        tasks:
          square:
            inputs: {x: int, offset: {type: int, default: 0}}
            outputs: {y: int}
            command: [echo]
          gather:
            inputs: {ys: list<int>}
            outputs: {total: int}
            command: [echo]
          dyn: {kind: dynamic, inputs: {x: int}, outputs: {y: int}, command: [echo]}
        \(outputs)
        nodes:
        \(nodes)
        """
    }

    @Test func mapNodeCompilesWithListInputsAndListOutputs() throws {
        let yaml = Self.workflow(
            nodes: """
                  - id: squares
                    map: {task: square, over: [x], concurrency: 4, min_success_ratio: 1}
                    inputs: {x: $inputs.xs, offset: $inputs.n}
                  - {id: sum, task: gather, inputs: {ys: $squares.y}}
                  - {id: pick, task: square, inputs: {x: "$squares.y[2]"}}
                """,
            outputs: "outputs: {ys: {type: list<int>, from: $squares.y}}")
        let workflow = try WorkflowCompiler.compile(yaml: yaml, file: "w.yaml")
        let squares = try #require(workflow.nodes.first { $0.id == "squares" })
        #expect(squares.task == "square")
        #expect(squares.map == MapSettings(over: ["x"], concurrency: 4, minSuccessRatio: 1))
        #expect(squares.inputs.map(\.name) == ["x", "offset"])
        let sum = try #require(workflow.nodes.firstIndex { $0.id == "sum" })
        #expect(workflow.nodes[sum].dependencies == [workflow.nodes.firstIndex { $0.id == "squares" }!])
    }

    @Test func toleratingFailuresMakesEachOutputAListOfZeroOrOneValues() throws {
        let yaml = Self.workflow(
            nodes: """
                  - id: squares
                    map: {task: square, over: x, min_success_ratio: 0.9}
                    inputs: {x: [1, 2, $inputs.n]}
                """,
            outputs: "outputs: {ys: {type: \"list<list<int>>\", from: $squares.y}}")
        let workflow = try WorkflowCompiler.compile(yaml: yaml, file: "w.yaml")
        #expect(workflow.nodes[0].map?.minSuccessRatio == 0.9)
        #expect(workflow.nodes[0].map?.concurrency == nil)
        #expect(workflow.nodes[0].outputType(.int) == .list(.list(.int)))
        // The same reader with list<int> is a type error.
        let wrong = yaml.replacingOccurrences(of: "\"list<list<int>>\"", with: "list<int>")
        #expect(
            compileErrors(wrong) == [
                "w.yaml:15: workflow output ys: expected list<int>, got list<list<int>> from $squares.y"
            ])
    }

    @Test func unknownTaskIsNamedUnderMapTask() {
        let yaml = Self.workflow(nodes: "  - {id: m, map: {task: cube, over: [x]}, inputs: {x: $inputs.xs}}")
        #expect(
            compileErrors(yaml) == [
                "w.yaml:17: node m: map.task: unknown task \"cube\" (tasks: dyn, gather, square)"
            ])
    }

    @Test func overMustNameBoundInputsOfTheTask() {
        let yaml = Self.workflow(
            nodes: """
                  - {id: a, map: {task: square, over: [z]}, inputs: {x: 1}}
                  - {id: b, map: {task: square, over: [offset]}, inputs: {x: 1}}
                  - {id: c, map: {task: square, over: []}, inputs: {x: $inputs.xs}}
                  - {id: d, map: {task: square, over: [x, x]}, inputs: {x: $inputs.xs}}
                  - {id: e, map: {task: square, over: {x: 1}}, inputs: {x: $inputs.xs}}
                """)
        #expect(
            compileErrors(yaml) == [
                "w.yaml:19: node c: map.over: names no input (at least one)",
                "w.yaml:20: node d: map.over: input \"x\" is named twice",
                "w.yaml:21: node e: map.over: expected a list of input names, got a mapping",
                "w.yaml:17: node a: map.over: task square has no input \"z\" (inputs: offset, x)",
                "w.yaml:18: node b: map.over: input offset is mapped over but not bound (bind it to a list)",
            ])
    }

    @Test func overInputMustBeBoundToAListOfTheInputsType() {
        let yaml = Self.workflow(
            nodes: """
                  - {id: a, map: {task: square, over: [x]}, inputs: {x: $inputs.n}}
                  - {id: b, map: {task: square, over: [x]}, inputs: {x: 3}}
                  - {id: c, map: {task: square, over: [x]}, inputs: {x: [1, "two"]}}
                  - {id: d, map: {task: square, over: [x]}, inputs: {x: $inputs.xs, offset: $inputs.ys}}
                """)
        #expect(
            compileErrors(yaml) == [
                "w.yaml:17: node a: input x: expected list<int>, got int from $inputs.n",
                "w.yaml:18: node b: input x: expected list<int>, got number 3",
                "w.yaml:19: node c: input x: at [1]: expected int, got string \"two\"",
                "w.yaml:20: node d: input offset: expected int, got list<int> from $inputs.ys",
            ])
    }

    @Test func badConcurrencyAndRatioAreRejectedWithTheirRanges() {
        let yaml = Self.workflow(
            nodes: """
                  - {id: a, map: {task: square, over: [x], concurrency: 0}, inputs: {x: $inputs.xs}}
                  - {id: b, map: {task: square, over: [x], concurrency: two}, inputs: {x: $inputs.xs}}
                  - {id: c, map: {task: square, over: [x], min_success_ratio: 1.5}, inputs: {x: $inputs.xs}}
                  - {id: d, map: {task: square, over: [x], min_success_ratio: -0.1}, inputs: {x: $inputs.xs}}
                  - {id: e, map: {task: square, over: [x], min_success_ratio: most}, inputs: {x: $inputs.xs}}
                """)
        #expect(
            compileErrors(yaml) == [
                "w.yaml:17: node a: map.concurrency: must be an integer in 1 … 1000000, got 0",
                "w.yaml:18: node b: map.concurrency: expected an integer, got \"two\"",
                "w.yaml:19: node c: map.min_success_ratio: must be a number in 0 … 1, got 1.5",
                "w.yaml:20: node d: map.min_success_ratio: must be a number in 0 … 1, got -0.1",
                "w.yaml:21: node e: map.min_success_ratio: expected a number, got \"most\"",
            ])
    }

    @Test func mapShapeErrors() {
        let yaml = Self.workflow(
            nodes: """
                  - {id: a, task: square, map: {task: square, over: [x]}, inputs: {x: $inputs.xs}}
                  - {id: b, map: {over: [x], tasks: square}, inputs: {x: $inputs.xs}}
                  - {id: c, map: square, inputs: {x: $inputs.xs}}
                  - {id: d, map: {task: dyn, over: [x]}, inputs: {x: $inputs.xs}}
                """)
        #expect(
            compileErrors(yaml) == [
                "w.yaml:17: node a: task: a node has task or map, not both",
                "w.yaml:18: node b: map: unknown key \"tasks\" (allowed: concurrency, min_success_ratio, over, task)",
                "w.yaml:18: node b: map: missing key \"task\"",
                "w.yaml:19: node c: map: expected a mapping, got \"square\"",
                "w.yaml:20: node d: map.task: task dyn is dynamic; a map runs regular tasks only",
            ])
    }

    @Test func aFutureMayNotHoldMapNodes() throws {
        let workflow = try WorkflowCompiler.compile(
            yaml: Self.workflow(nodes: "  - {id: a, task: square, inputs: {x: 1}}"), file: "w.yaml")
        let future = """
            nodes:
              - {id: m, map: {task: square, over: [x]}, inputs: {x: [1, 2]}}
            outputs: {y: $m.y}
            """
        do {
            _ = try WorkflowCompiler.compileFuture(
                text: future, for: workflow.tasks["dyn"]!, in: workflow, file: "future.yaml")
            Issue.record("a future with a map node compiled")
        } catch let errors as CompileErrors {
            #expect(
                errors.errors.map(\.description).first
                    == "future.yaml:2: node m: unknown key \"map\" (allowed: id, inputs, task)")
        }
    }
}
