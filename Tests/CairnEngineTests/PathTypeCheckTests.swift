import CairnCore
import CairnEngine
import Foundation
import Testing

/// References with paths into lists, maps and structs are type-checked step by step.
@Suite struct PathTypeCheckTests {
    /// A workflow binding `binding` to a string input; the node is on line 9.
    func workflow(_ binding: String) -> String {
        """
        workflow: w
        project: p
        domain: d
        inputs:
          data: "map<list<struct{name: string, n: int}>>"
        tasks:
          t: {inputs: {s: string}, command: [t]}
        nodes:
          - {id: a, task: t, inputs: {s: '\(binding.replacingOccurrences(of: "'", with: "''"))'}}
        """
    }

    @Test(arguments: [
        ("$inputs.data[\"k\"][0].name", [PathStep.key("k"), .index(0), .key("name")]),
        ("$inputs.data.k[12][\"name\"]", [.key("k"), .index(12), .key("name")]),
        ("$inputs.data['odd key'][0].name", [.key("odd key"), .index(0), .key("name")]),
        ("$inputs.data[\"a\\\"b\"][0].name", [.key("a\"b"), .index(0), .key("name")]),
    ])
    func pathsThatArriveAtTheInputTypeCompile(binding: String, path: [PathStep]) throws {
        let compiled = try WorkflowCompiler.compile(yaml: workflow(binding), file: "w.yaml")
        #expect(compiled.nodes[0].inputs[0].binding == .workflowInput(name: "data", path: path))
    }

    @Test func stepArrivingAtTheWrongTypeIsRejected() {
        #expect(
            compileErrors(workflow("$inputs.data.k[0].n")) == [
                "w.yaml:9: node a: input s: expected string, got int from $inputs.data.k[0].n"
            ])
    }

    @Test func stoppingEarlyGivesTheContainerType() {
        #expect(
            compileErrors(workflow("$inputs.data.k")) == [
                "w.yaml:9: node a: input s: expected string, got list<struct{n: int, name: string}> from $inputs.data.k"
            ])
    }

    @Test func unknownStructFieldIsRejectedWithTheFields() {
        #expect(
            compileErrors(workflow("$inputs.data.k[0].size")) == [
                "w.yaml:9: node a: input s: $inputs.data.k[0].size: struct{n: int, name: string} has no field \"size\""
                    + " (fields: n, name)"
            ])
    }

    @Test func indexIntoAMapIsRejected() {
        #expect(
            compileErrors(workflow("$inputs.data[0]")) == [
                "w.yaml:9: node a: input s: $inputs.data[0]: path step [0] needs a list,"
                    + " got map<list<struct{n: int, name: string}>>"
            ])
    }

    @Test func keyIntoAListIsRejected() {
        #expect(
            compileErrors(workflow("$inputs.data.k.name")) == [
                "w.yaml:9: node a: input s: $inputs.data.k.name: path step .name needs a map or struct,"
                    + " got list<struct{n: int, name: string}>"
            ])
    }

    @Test func pathsIntoNodeOutputsAreCheckedToo() throws {
        let yaml = """
            workflow: w
            project: p
            domain: d
            tasks:
              src: {outputs: {rows: "list<map<int>>"}, command: [s]}
              dst: {inputs: {n: int}, command: [d]}
            nodes:
              - {id: b, task: dst, inputs: {n: '$a.rows[1]["x"]'}}
              - {id: a, task: src}
            """
        let compiled = try WorkflowCompiler.compile(yaml: yaml, file: "w.yaml")
        #expect(compiled.nodes.map(\.id) == ["a", "b"])
        #expect(
            compiled.nodes[1].inputs[0].binding == .nodeOutput(node: 0, output: "rows", path: [.index(1), .key("x")]))
    }
}
