import CairnCore
import CairnEngine
import Testing

@Suite struct FutureCompilerTests {
    let workflow: CompiledWorkflow
    let loop: CompiledTask

    init() throws {
        workflow = try WorkflowCompiler.compile(yaml: countWorkflow, file: "count.yaml")
        loop = try #require(workflow.tasks["count_loop"])
    }

    static let future = """
        nodes:
          - id: again
            task: count_loop
            inputs: {s1: $inputs.s1, s2: $inputs.s2, n: $i0.index}
          - id: i0
            task: char_index
            inputs: {c: a, s: $inputs.s1}
          - id: i1
            task: char_index
            inputs: {c: b, s: $inputs.s2}
        outputs:
          count: $again.count
        """

    func errors(_ text: String) -> [String] {
        do {
            _ = try WorkflowCompiler.compileFuture(text: text, for: loop, in: workflow, file: "future.yaml")
            return []
        } catch let errors as CompileErrors {
            return errors.errors.map(\.description)
        } catch {
            return ["unexpected error: \(error)"]
        }
    }

    @Test func futureTakesItsInterfaceFromTheDynamicTask() throws {
        let compiled = try WorkflowCompiler.compileFuture(
            text: Self.future, for: loop, in: workflow, file: "future.yaml")
        #expect(compiled.name == "count_loop")
        #expect(compiled.project == "examples")
        #expect(compiled.domain == "development")
        #expect(compiled.inputs == loop.inputs)
        #expect(compiled.tasks == workflow.tasks)
        #expect(
            compiled.outputs == [
                OutputBinding(name: "count", type: .int, binding: .nodeOutput(node: 1, output: "count", path: []))
            ])
    }

    @Test func futureNodesAreOrderedAndMayBeDynamic() throws {
        let compiled = try WorkflowCompiler.compileFuture(
            text: Self.future, for: loop, in: workflow, file: "future.yaml")
        #expect(compiled.nodes.map(\.id) == ["i0", "again", "i1"])
        #expect(compiled.nodes.map(\.dependencies) == [[], [0], []])
        #expect(compiled.nodes[1].task == "count_loop")
        #expect(compiled.nodes[1].inputs[2].binding == .nodeOutput(node: 0, output: "index", path: []))
        #expect(compiled.nodes.map(\.overrideName) == ["char_index", nil, "char_index"])
    }

    @Test func jsonFutureCompiles() throws {
        let json = """
            {"nodes": [{"id": "x", "task": "char_index", "inputs": {"c": "q", "s": "$inputs.s1"}}],
             "outputs": {"count": "$x.index"}}
            """
        let compiled = try WorkflowCompiler.compileFuture(text: json, for: loop, in: workflow, file: "future.json")
        #expect(compiled.nodes.map(\.id) == ["x"])
    }

    @Test func futureMayBindAnOutputToAnInputOrALiteral() throws {
        let compiled = try WorkflowCompiler.compileFuture(
            text: "outputs: {count: $inputs.n}", for: loop, in: workflow, file: "f")
        #expect(compiled.nodes.isEmpty)
        #expect(compiled.outputs[0].binding == .workflowInput(name: "n", path: []))
        let literal = try WorkflowCompiler.compileFuture(
            text: "outputs: {count: 7}", for: loop, in: workflow, file: "f")
        #expect(literal.outputs[0].binding == .literal(.int(7)))
    }

    @Test func everyTaskOutputMustBeBoundAndNoOther() {
        #expect(
            errors("nodes: []\noutputs: {total: 1}\n") == [
                "future.yaml:2: output total: task count_loop has no output \"total\" (outputs: count)",
                "future.yaml:1: output count: not bound (a future must bind every output of task count_loop)",
            ])
    }

    @Test func futuresReadTheDynamicTasksInputsOnly() {
        #expect(
            errors("outputs: {count: $inputs.s3}") == [
                "future.yaml:1: output count: $inputs.s3 names no input of task count_loop (inputs: n, s1, s2)"
            ])
    }

    @Test func futuresMayNotNameOverridesOrUnknownTasksOrKeys() {
        let text = """
            nodes:
              - {id: a, task: char_index, inputs: {c: x, s: y}, override: mine}
              - {id: b, task: nope}
            outputs: {count: $a.index}
            workflow: x
            """
        #expect(
            errors(text) == [
                "future.yaml:5: unknown key \"workflow\" (allowed: nodes, outputs)",
                "future.yaml:2: node a: unknown key \"override\" (allowed: id, inputs, task)",
                "future.yaml:3: node b: task: unknown task \"nope\" (tasks: char_index, count_loop, positions)",
            ])
    }

    @Test func futureTypeErrorsAreReported() {
        #expect(
            errors("outputs: {count: $inputs.s1}") == [
                "future.yaml:1: output count: expected int, got string from $inputs.s1"
            ])
    }

    @Test func futureSyntaxErrorIsReported() {
        let found = errors("nodes: [\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("future.yaml:2: invalid YAML:") == true)
    }
}
