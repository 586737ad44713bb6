import CairnCore
import CairnEngine
import Foundation
import Testing

/// Each rejection the compiler makes, with the exact message, line, node and field.
@Suite struct CompileRejectionTests {
    @Test func yamlSyntaxErrorCitesItsLine() {
        let errors = compileErrorValues("workflow: w\nnodes: [\n  - a\n")
        #expect(errors.count == 1)
        #expect(errors.first?.code == .syntax)
        #expect(errors.first?.line == 3)
        #expect(errors.first?.description.hasPrefix("w.yaml:3: invalid YAML: ") == true)
    }

    @Test func duplicateMappingKeyIsASyntaxError() {
        let errors = compileErrors("workflow: w\nproject: p\nproject: q\n")
        #expect(errors == ["w.yaml:2: invalid YAML: duplicate key \"project\" in a mapping"])
    }

    @Test func emptyFileIsRejected() {
        #expect(compileErrors("") == ["w.yaml: the document is empty"])
    }

    @Test func unknownKeysAreRejectedWithTheAllowedOnes() {
        let yaml = countWorkflow.replacingOccurrences(of: "    retries: 2", with: "    retry: 2")
            .replacingOccurrences(of: "nodes:", with: "nodez:")
        #expect(
            compileErrors(yaml) == [
                "w.yaml:32: unknown key \"nodez\" (allowed: domain, inputs, nodes, outputs, project, tasks, workflow)",
                "w.yaml:16: task char_index: unknown key \"retry\" (allowed: cache, command, environment, inputs, "
                    + "kind, outputs, override, resources, retries, task_config, timeout)",
                "w.yaml:8: workflow output count: $loop.count names no node \"loop\" (nodes: none)",
                "w.yaml:9: workflow output first: $indices.positions[0] names no node \"indices\" (nodes: none)",
            ])
    }

    @Test func unknownNodeKeyIsRejected() {
        let yaml = smallWorkflow(nodes: "  - {id: a, task: echo, input: {s: x}}")
        #expect(
            compileErrors(yaml) == [
                "w.yaml:12: node a: unknown key \"input\" (allowed: branch, id, inputs, map, override, task)",
                "w.yaml:12: node a: input s: not bound, and task echo gives it no default",
            ])
    }

    @Test func badNamesAreRejected() {
        let yaml = """
            workflow: count chars
            project: ex amples
            domain: d
            tasks:
              t/1: {command: [x]}
            nodes:
              - {id: a/b, task: t}
            """
        #expect(
            compileErrors(yaml) == [
                "w.yaml:1: workflow: \"count chars\" is not a valid name (use letters, digits, _ and -)",
                "w.yaml:2: project: has a character outside letters, digits and . _ - : + = @ at offset 2",
                "w.yaml:5: task name: \"t/1\" is not a valid name (use letters, digits, _ and -)",
                "w.yaml:7: node id: \"a/b\" is not a valid name (use letters, digits, _ and -)",
            ])
    }

    @Test func nodeIdInputsIsReserved() {
        let yaml = smallWorkflow(nodes: "  - {id: inputs, task: echo, inputs: {s: x}}")
        #expect(compileErrors(yaml) == ["w.yaml:12: node id: \"inputs\" is reserved for $inputs references"])
    }

    @Test func unknownTaskListsTheKnownOnes() {
        let yaml = smallWorkflow(nodes: "  - {id: a, task: ecko}")
        #expect(compileErrors(yaml) == ["w.yaml:12: node a: task: unknown task \"ecko\" (tasks: echo)"])
    }

    @Test func unknownNodeOutputAndWorkflowInputInReferences() {
        let yaml = smallWorkflow(
            nodes: """
                  - {id: a, task: echo, inputs: {s: $inputs.txt}}
                  - {id: b, task: echo, inputs: {s: $d.out}}
                  - {id: c, task: echo, inputs: {s: $a.output}}
                """)
        #expect(
            compileErrors(yaml) == [
                "w.yaml:12: node a: input s: $inputs.txt names no workflow input (inputs: items, table, text)",
                "w.yaml:13: node b: input s: $d.out names no node \"d\" (nodes: a, b, c)",
                "w.yaml:14: node c: input s: $a.output: task echo of node a has no output \"output\""
                    + " (outputs: count, out, parts)",
            ])
    }

    @Test func referenceTypeMustMatchTheInputType() {
        let yaml = smallWorkflow(nodes: "  - {id: a, task: echo, inputs: {s: $inputs.items}}")
        #expect(
            compileErrors(yaml) == ["w.yaml:12: node a: input s: expected string, got list<int> from $inputs.items"])
    }

    @Test func pathStepOnAValueWithoutPartsIsRejected() {
        let yaml = smallWorkflow(
            nodes: """
                  - {id: a, task: echo, inputs: {s: "$inputs.text[0]"}}
                  - {id: b, task: echo, inputs: {s: $inputs.items.x}}
                """)
        #expect(
            compileErrors(yaml) == [
                "w.yaml:12: node a: input s: $inputs.text[0]: path step [0] needs a list, got string",
                "w.yaml:13: node b: input s: $inputs.items.x: path step .x needs a map or struct, got list<int>",
            ])
    }

    @Test func malformedReferenceIsRejected() {
        let yaml = smallWorkflow(nodes: "  - {id: a, task: echo, inputs: {s: \"$inputs.text[x]\"}}")
        #expect(
            compileErrors(yaml) == [
                "w.yaml:12: node a: input s: \"$inputs.text[x]\" has a malformed path at \"[x]\": expected [0], [\"key\"] or .field"
            ])
    }

    @Test func literalMustConformToTheInputType() {
        let yaml = smallWorkflow(nodes: "  - {id: a, task: echo, inputs: {s: 5, n: abc}}")
        #expect(compileErrorValues(yaml).map(\.code) == [.typeMismatch, .typeMismatch])
        #expect(
            compileErrors(yaml) == [
                "w.yaml:12: node a: input s: expected string, got number 5",
                "w.yaml:12: node a: input n: expected int, got string \"abc\"",
            ])
    }

    @Test func nestedLiteralMismatchNamesThePartThatDoesNotFit() {
        let yaml = smallWorkflow(
            nodes: "  - {id: a, task: echo, inputs: {s: x}}",
            outputs: "outputs: {o: {type: \"list<struct{a: int}>\", from: [{a: 1}, {a: x}]}}")
        #expect(compileErrors(yaml) == ["w.yaml:10: workflow output o: at [1].a: expected int, got string \"x\""])
    }

    @Test func defaultMustConformToItsType() {
        let yaml = "workflow: w\nproject: p\ndomain: d\ninputs:\n  k: {type: int, default: 1.5}\n"
        #expect(
            compileErrors(yaml) == [
                "w.yaml:5: workflow input k default: expected int, got number 1.5, which is not an integer"
            ])
    }

    @Test func cycleNamesItsNodes() {
        let yaml = smallWorkflow(
            nodes: """
                  - {id: ok, task: echo, inputs: {s: x}}
                  - {id: a, task: echo, inputs: {s: $c.out}}
                  - {id: b, task: echo, inputs: {s: $a.out}}
                  - {id: c, task: echo, inputs: {s: $b.out}}
                  - {id: self, task: echo, inputs: {s: $self.out}}
                """)
        #expect(
            compileErrors(yaml) == [
                "w.yaml:13: node a: dependency cycle a -> c -> b -> a (each node reads an output of the next)",
                "w.yaml:16: node self: dependency cycle self -> self (each node reads an output of the next)",
            ])
    }

    @Test func unboundInputWithoutDefaultAndUndeclaredInputAreRejected() {
        let yaml = smallWorkflow(nodes: "  - {id: a, task: echo, inputs: {n: 2, z: 1}}")
        #expect(
            compileErrors(yaml) == [
                "w.yaml:12: node a: input z: task echo has no input \"z\" (inputs: n, s)",
                "w.yaml:12: node a: input s: not bound, and task echo gives it no default",
            ])
    }

    @Test func duplicateNodeIdsAreRejected() {
        let yaml = smallWorkflow(
            nodes: """
                  - {id: a, task: echo, inputs: {s: x}}
                  - {id: a, task: echo, inputs: {s: y}}
                """)
        #expect(compileErrors(yaml) == ["w.yaml:13: node id: duplicate node id \"a\" (first at line 12)"])
    }

    @Test func overrideNameMayBeGivenOnce() {
        let yaml = countWorkflow.replacingOccurrences(of: "override: loop-override", with: "override: char_index")
        #expect(
            compileErrors(yaml) == [
                "w.yaml:36: node loop: override: override name \"char_index\" is already given to task char_index (line 21)"
            ])
    }

    @Test func ignoreInputsMustNameTaskInputs() {
        let yaml = countWorkflow.replacingOccurrences(of: "ignore_inputs: [s]", with: "ignore_inputs: [s, t]")
        #expect(
            compileErrors(yaml) == [
                "w.yaml:15: task char_index: cache.ignore_inputs: the task has no input \"t\" (inputs: c, s)"
            ])
    }

    @Test func workflowOutputsMustBindKnownValuesOfTheirType() {
        let yaml = smallWorkflow(
            nodes: "  - {id: a, task: echo, inputs: {s: x}}",
            outputs: "outputs: {r: {type: int, from: $a.out}, q: {type: string, from: $a.nope}, p: {type: int}}")
        #expect(
            compileErrors(yaml) == [
                "w.yaml:10: workflow output p: missing key \"from\"",
                "w.yaml:10: workflow output r: expected int, got string from $a.out",
                "w.yaml:10: workflow output q: $a.nope: task echo of node a has no output \"nope\" (outputs: count, out, parts)",
            ])
    }

    @Test func emptyCommandAndNegativeRetriesAreRejected() {
        let yaml = """
            workflow: w
            project: p
            domain: d
            tasks:
              t:
                command: []
                retries: -1
                timeout: 30
                resources: {memory: lots}
            """
        #expect(
            compileErrors(yaml) == [
                "w.yaml:6: task t: command: the command must not be empty",
                "w.yaml:7: task t: retries: must be an integer in 0 … 1000, got -1",
                "w.yaml:8: task t: timeout: expected a duration such as 500ms, 30s or 1h30m, got \"30\"",
                "w.yaml:9: task t: resources.memory: expected a size such as 1000000, 512MiB or 1GiB, got \"lots\"",
            ])
    }

    @Test func numbersOutsideTheirRangesAreRejectedNamingTheField() {
        let yaml = """
            workflow: w
            project: p
            domain: d
            tasks:
              t:
                command: [true]
                retries: 9223372036854775807
                timeout: -5s
                cache: {ttl: 99999d}
              u:
                command: [true]
                retries: 99999999999999999999999
                cache: {ttl: 0s}
            """
        #expect(
            compileErrors(yaml) == [
                "w.yaml:9: task t: cache.ttl: must be at least 1s and at most 3153600000s (100 years)",
                "w.yaml:7: task t: retries: must be an integer in 0 … 1000, got 9223372036854775807",
                "w.yaml:8: task t: timeout: expected a duration such as 500ms, 30s or 1h30m, got \"-5s\"",
                "w.yaml:13: task u: cache.ttl: must be at least 1s and at most 3153600000s (100 years)",
                "w.yaml:12: task u: retries: expected an integer, got \"99999999999999999999999\"",
            ])
    }

    @Test func missingHeaderKeysAreRejected() {
        #expect(
            compileErrors("tasks: {}\n") == [
                "w.yaml:1: missing key \"workflow\"", "w.yaml:1: missing key \"project\"",
                "w.yaml:1: missing key \"domain\"",
            ])
    }

    @Test func everyProblemIsReportedInOnePass() {
        let yaml = smallWorkflow(
            nodes: """
                  - {id: a, task: nope}
                  - {id: b, task: echo, inputs: {s: $inputs.missing}}
                  - {id: b, task: echo, inputs: {s: x}}
                  - {id: c, task: echo, inputs: {s: 5}}
                """)
        let errors = compileErrorValues(yaml)
        #expect(errors.map(\.code) == [.duplicateName, .unknownName, .unknownName, .typeMismatch])
        #expect(errors.map(\.line) == [14, 12, 13, 15])
        #expect(errors.map(\.node) == [nil, "a", "b", "c"])
    }
}
