import CairnCore
import CairnEngine
import Testing

@Suite struct WorkflowCompilerTests {
    let workflow: CompiledWorkflow

    init() throws {
        workflow = try WorkflowCompiler.compile(yaml: countWorkflow, file: "count.yaml")
    }

    @Test func headerAndInterfaceAreRead() {
        #expect(workflow.name == "count_characters")
        #expect(workflow.project == "examples")
        #expect(workflow.domain == "development")
        #expect(
            workflow.inputs == [
                Parameter(name: "s1", type: .string),
                Parameter(name: "s2", type: .string, defaultValue: .string("abc")),
            ])
        #expect(workflow.tasks.keys.sorted() == ["char_index", "count_loop", "positions"])
    }

    @Test func nodesComeAfterWhatTheyReadAndOtherwiseKeepFileOrder() {
        #expect(workflow.nodes.map(\.id) == ["indices", "loop", "first_char"])
        #expect(workflow.nodes.map(\.dependencies) == [[], [0], []])
    }

    @Test func bindingsAreResolvedInTaskInputOrderWithDefaultsFilledIn() {
        let loop = workflow.nodes[1]
        #expect(loop.task == "count_loop")
        #expect(
            loop.inputs == [
                InputBinding(name: "s1", binding: .workflowInput(name: "s1", path: [])),
                InputBinding(name: "s2", binding: .nodeOutput(node: 0, output: "info", path: [.key("name")])),
                InputBinding(name: "n", binding: .literal(.int(3))),
            ])
        let firstChar = workflow.nodes[2]
        #expect(
            firstChar.inputs == [
                InputBinding(name: "c", binding: .literal(.string("$"))),
                InputBinding(name: "s", binding: .workflowInput(name: "s1", path: [])),
            ])
    }

    @Test func outputsBindToRenumberedNodes() {
        #expect(
            workflow.outputs == [
                OutputBinding(name: "count", type: .int, binding: .nodeOutput(node: 1, output: "count", path: [])),
                OutputBinding(
                    name: "first", type: .int, binding: .nodeOutput(node: 0, output: "positions", path: [.index(0)])),
            ])
    }

    @Test func taskSettingsAreRead() throws {
        let task = try #require(workflow.tasks["char_index"])
        #expect(task.kind == .regular)
        #expect(task.command == ["python3", "tasks/char_index.py"])
        #expect(task.inputs.map(\.name) == ["c", "s"])
        #expect(task.outputs == [Parameter(name: "index", type: .int)])
        #expect(task.overrideName == "char_index")
        let settings = task.settings
        #expect(settings.cache.enabled)
        #expect(settings.cache.version == "2")
        #expect(settings.cache.serialize)
        #expect(settings.cache.ignoreInputs == ["s"])
        #expect(settings.cache.ttl == .seconds(86_400))
        #expect(settings.retries == 2)
        #expect(settings.timeout == .seconds(90))
        #expect(settings.resources == Resources(memoryBytes: 512 << 20, cpuSeconds: 10))
        #expect(settings.environment == ["MODE": "fast", "LEVEL": "3"])
        #expect(
            settings.taskConfig
                == .map(["threshold": .float(0.5), "tags": .list([.string("a"), .string("b")])]))
    }

    @Test func defaultsApplyWhereTheFileSaysNothing() throws {
        let loop = try #require(workflow.tasks["count_loop"])
        #expect(loop.kind == .dynamic)
        #expect(loop.settings.cache.enabled)
        #expect(loop.settings.cache.version == "1")
        #expect(!loop.settings.cache.serialize)
        #expect(loop.settings.retries == 0)
        #expect(loop.settings.timeout == nil)
        #expect(loop.settings.taskConfig == nil)
        #expect(workflow.tasks["positions"]?.settings.cache.enabled == false)
    }

    @Test func overrideNamesComeFromTheNodeElseItsTask() {
        #expect(workflow.nodes.map(\.overrideName) == [nil, "loop-override", "char_index"])
    }

    @Test func structTypesInTheFileAreParsed() throws {
        let positions = try #require(workflow.tasks["positions"])
        #expect(
            positions.outputs == [
                Parameter(name: "positions", type: .list(.int)),
                Parameter(name: "info", type: .structure(fields: ["length": .int, "name": .string])),
            ])
    }

    @Test func compilingTwiceGivesEqualWorkflows() throws {
        #expect(try WorkflowCompiler.compile(yaml: countWorkflow, file: "count.yaml") == workflow)
    }

    @Test func jsonIsAcceptedToo() throws {
        let json = """
            {"workflow": "j", "project": "p", "domain": "d", "inputs": {"x": "int"},
             "tasks": {"t": {"inputs": {"a": "int"}, "outputs": {"b": "int"}, "command": ["t"]}},
             "nodes": [{"id": "n", "task": "t", "inputs": {"a": "$inputs.x"}}],
             "outputs": {"y": {"type": "int", "from": "$n.b"}}}
            """
        let compiled = try WorkflowCompiler.compile(yaml: json, file: "j.json")
        #expect(compiled.nodes.map(\.id) == ["n"])
        #expect(compiled.outputs[0].binding == .nodeOutput(node: 0, output: "b", path: []))
    }
}
