import CairnCore
import CairnEngine
import Testing

/// Fan-in bindings: lists, maps and structs written with `$` references inside, at any depth.
@Suite struct FanInBindingTests {
    /// Nodes `a` and `b` (task `src`) and `c`, whose input `v` of `type` is bound on line 14.
    static func workflow(_ type: String, _ binding: String) -> String {
        """
        workflow: w
        project: p
        domain: d
        inputs: {name: string}
        tasks:
          src: {outputs: {n: int, s: string}, command: [s]}
          sink: {inputs: {v: "\(type)"}, command: [k]}
        nodes:
          - {id: a, task: src}
          - {id: b, task: src}
          - id: c
            task: sink
            inputs:
              v: \(binding)
        """
    }

    static func compiledInput(_ type: String, _ binding: String) throws -> (Binding, [Int]) {
        let compiled = try WorkflowCompiler.compile(yaml: workflow(type, binding), file: "w.yaml")
        let node = try #require(compiled.nodes.first { $0.id == "c" })
        return (node.inputs[0].binding, node.dependencies)
    }

    static func output(_ node: Int, _ name: String) -> Binding { .nodeOutput(node: node, output: name, path: []) }

    @Test func listOfReferencesAndLiteralsReadsEachNode() throws {
        let (binding, dependencies) = try Self.compiledInput("list<int>", "[$a.n, $b.n, 3]")
        #expect(binding == .list([Self.output(0, "n"), Self.output(1, "n"), .literal(.int(3))]))
        #expect(dependencies == [0, 1])
    }

    @Test func quotedReferencesInAListAreReferencesNotStrings() throws {
        let (binding, dependencies) = try Self.compiledInput("list<string>", #"["$a.s", "$b.s"]"#)
        #expect(binding == .list([Self.output(0, "s"), Self.output(1, "s")]))
        #expect(dependencies == [0, 1])
    }

    @Test func mapOfReferences() throws {
        let (binding, dependencies) = try Self.compiledInput("map<int>", "{x: $a.n, y: $b.n, z: 5}")
        #expect(binding == .map(["x": Self.output(0, "n"), "y": Self.output(1, "n"), "z": .literal(.int(5))]))
        #expect(dependencies == [0, 1])
    }

    @Test func nestedListsAndMapsWithWorkflowInputsAndEscapes() throws {
        let (binding, dependencies) = try Self.compiledInput(
            "map<list<string>>", #"{x: [$a.s, "$$a.s"], y: [$inputs.name], z: [plain]}"#)
        #expect(
            binding
                == .map([
                    "x": .list([Self.output(0, "s"), .literal(.string("$a.s"))]),
                    "y": .list([.workflowInput(name: "name", path: [])]),
                    "z": .literal(.list([.string("plain")])),
                ]))
        #expect(dependencies == [0])
    }

    @Test func structOfReferences() throws {
        let (binding, _) = try Self.compiledInput("struct{n: int, s: string}", "{n: $b.n, s: text}")
        #expect(binding == .structure(["n": Self.output(1, "n"), "s": .literal(.string("text"))]))
    }

    @Test func doubleDollarIsUnescapedAtAnyDepth() throws {
        let (list, _) = try Self.compiledInput("list<string>", #"["$$x", "$$$y", plain]"#)
        #expect(list == .literal(.list([.string("$x"), .string("$$y"), .string("plain")])))
        let (map, _) = try Self.compiledInput("map<list<string>>", #"{k: ["$$a.s"]}"#)
        #expect(map == .literal(.map(["k": .list([.string("$a.s")])])))
    }

    @Test func eachElementIsTypeCheckedAndNamedByIndexOrKey() {
        #expect(
            compileErrors(Self.workflow("list<int>", "[$a.n, $a.s, 3]")) == [
                "w.yaml:14: node c: input v[1]: expected int, got string from $a.s"
            ])
        #expect(
            compileErrors(Self.workflow("map<int>", "{x: $a.n, y: $b.s}")) == [
                "w.yaml:14: node c: input v.y: expected int, got string from $b.s"
            ])
        #expect(
            compileErrors(Self.workflow("list<list<int>>", "[[$a.n], [3, $b.s]]")) == [
                "w.yaml:14: node c: input v[1][1]: expected int, got string from $b.s"
            ])
    }

    @Test func aLiteralElementBesideAReferenceIsCheckedToo() {
        let errors = compileErrors(Self.workflow("list<int>", "[$a.n, three]"))
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("w.yaml:14: node c: input v[1]: ") == true)
    }

    @Test func anElementOnItsOwnLineIsReportedAtThatLine() {
        #expect(
            compileErrors(Self.workflow("list<int>", "\n        - $a.n\n        - $b.s")) == [
                "w.yaml:16: node c: input v[1]: expected int, got string from $b.s"
            ])
    }

    @Test func structFieldsAreCheckedByName() {
        #expect(
            compileErrors(Self.workflow("struct{n: int, s: string}", "{n: $a.n, size: $a.n}")) == [
                #"w.yaml:14: node c: input v: struct{n: int, s: string} has no field "size" (fields: n, s)"#
            ])
        #expect(
            compileErrors(Self.workflow("struct{n: int, s: string}", "{n: $a.n}")) == [
                "w.yaml:14: node c: input v: missing field s"
            ])
    }

    @Test func aMalformedReferenceInsideAListIsReported() {
        let errors = compileErrors(Self.workflow("list<int>", #"[$a.n, "$a"]"#))
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix(#"w.yaml:14: node c: input v[1]: "$a" is not a reference"#) == true)
    }

    @Test func fanInBindingsSurviveTheFutureEncoding() throws {
        let compiled = try WorkflowCompiler.compile(
            yaml: Self.workflow("map<list<string>>", #"{x: [$a.s, "$$a.s"], y: [$inputs.name, $b.s]}"#),
            file: "w.yaml")
        let decoded = try CompiledWorkflow(decodingFuture: compiled.encodedFuture(), tasks: compiled.tasks)
        #expect(decoded == compiled)
    }
}
