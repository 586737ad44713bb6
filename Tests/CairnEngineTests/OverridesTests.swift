import CairnCore
import CairnEngine
import Testing

@Suite struct OverridesTests {
    let workflow: CompiledWorkflow

    init() throws {
        workflow = try WorkflowCompiler.compile(yaml: countWorkflow, file: "count.yaml")
    }

    func errors(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let errors as CompileErrors {
            return errors.errors.map(\.description)
        } catch {
            return ["unexpected error: \(error)"]
        }
    }

    @Test func fileSetsEveryField() throws {
        let overrides = try Overrides(
            yaml: """
                char_index:
                  cache: false
                  cache_version: "7"
                  serialize: false
                  retries: 5
                  timeout: 2m
                  environment: {MODE: slow, EXTRA: "1"}
                  resources: {memory: 1GiB}
                  task_config: {threshold: 0.9, new: [1, 2]}
                """, file: "o.yaml")
        var expected = Override()
        expected.cache = false
        expected.cacheVersion = "7"
        expected.serialize = false
        expected.retries = 5
        expected.timeout = .seconds(120)
        expected.environment = ["MODE": "slow", "EXTRA": "1"]
        expected.memoryBytes = 1 << 30
        expected.taskConfig = ["threshold": .float(0.9), "new": .list([.int(1), .int(2)])]
        #expect(overrides["char_index"] == expected)
    }

    @Test func settingsApplyTheNodesOverrideOverItsTask() throws {
        var overrides = try Overrides(yaml: "char_index: {retries: 5, environment: {MODE: slow}}", file: "o.yaml")
        try overrides.apply(assignment: "char_index.resources.memory=1GiB")
        try overrides.apply(assignment: "char_index.task_config.threshold=0.9")
        let node = try #require(workflow.nodes.first { $0.id == "first_char" })
        let settings = overrides.settings(for: node, in: workflow)
        var expected = try #require(workflow.tasks["char_index"]).settings
        expected.retries = 5
        expected.environment = ["MODE": "slow", "LEVEL": "3"]
        expected.resources = Resources(memoryBytes: 1 << 30, cpuSeconds: 10)
        expected.taskConfig = .map(["threshold": .float(0.9), "tags": .list([.string("a"), .string("b")])])
        #expect(settings == expected)
    }

    @Test func nodesWithoutAnOverrideKeepTheirTasksSettings() throws {
        let overrides = try Overrides(yaml: "char_index: {retries: 5}", file: "o.yaml")
        for node in workflow.nodes where node.overrideName != "char_index" {
            #expect(overrides.settings(for: node, in: workflow) == workflow.tasks[node.task]?.settings)
        }
    }

    @Test func nodeOverrideNameTargetsThatNodeOnly() throws {
        var overrides = Overrides()
        try overrides.apply(assignment: "loop-override.cache=false")
        let loop = try #require(workflow.nodes.first { $0.id == "loop" })
        #expect(overrides.settings(for: loop, in: workflow).cache.enabled == false)
        #expect(workflow.tasks["count_loop"]?.settings.cache.enabled == true)
    }

    @Test func assignmentsParseTheirValuesAndLaterOnesWin() throws {
        var overrides = try Overrides(yaml: "char_index: {retries: 1, cache: true}", file: "o.yaml")
        try overrides.apply(assignment: "char_index.retries=3")
        try overrides.apply(assignment: "char_index.retries=4")
        try overrides.apply(assignment: "char_index.timeout=1h30m")
        try overrides.apply(assignment: "char_index.environment.PATH_EXTRA=a=b:c")
        try overrides.apply(assignment: "char_index.resources.cpu=90")
        try overrides.apply(assignment: #"char_index.task_config={"a": {"b": [true]}}"#)
        try overrides.apply(assignment: "char_index.cache_version=v2")
        let override = try #require(overrides["char_index"])
        #expect(override.retries == 4)
        #expect(override.cache == true)
        #expect(override.timeout == .seconds(5_400))
        #expect(override.environment == ["PATH_EXTRA": "a=b:c"])
        #expect(override.cpuSeconds == 90)
        #expect(override.taskConfig == ["a": .map(["b": .list([.bool(true)])])])
        #expect(override.cacheVersion == "v2")
    }

    @Test func emptyFileHasNoOverrides() throws {
        #expect(try Overrides(yaml: "", file: "o.yaml") == Overrides())
    }

    @Test func unknownFieldsListTheAllowedOnes() {
        let allowed = "cache, cache_version, environment, resources, retries, serialize, task_config, timeout"
        #expect(
            errors { _ = try Overrides(yaml: "x:\n  retry: 3\n", file: "o.yaml") } == [
                "o.yaml:2: x: unknown key \"retry\" (allowed: \(allowed))"
            ])
        #expect(
            errors {
                var overrides = Overrides()
                try overrides.apply(assignment: "x.retry=3")
            } == ["--override: x.retry: unknown field \"retry\" (allowed: \(allowed))"])
        #expect(
            errors {
                var overrides = Overrides()
                try overrides.apply(assignment: "x.resources.disk=3")
            } == ["--override: x.resources: unknown key \"disk\" (allowed: cpu, memory)"])
    }

    @Test func badValuesAreRejectedWithTheirField() {
        #expect(
            errors { _ = try Overrides(yaml: "x: {retries: -2, cache: maybe, timeout: soon}", file: "o.yaml") } == [
                "o.yaml:1: x.retries: must be an integer in 0 … 1000, got -2",
                "o.yaml:1: x.cache: expected true or false, got \"maybe\"",
                "o.yaml:1: x.timeout: expected a duration such as 500ms, 30s or 1h30m, got \"soon\"",
            ])
        #expect(
            errors {
                var overrides = Overrides()
                try overrides.apply(assignment: "x.retries")
            } == ["--override: expected <name>.<field>=<value>, got \"x.retries\""])
        #expect(
            errors {
                var overrides = Overrides()
                try overrides.apply(assignment: "a b.retries=1")
            } == ["--override: a b.retries: \"a b\" is not a valid name (use letters, digits, _ and -)"])
    }

    @Test func failedAssignmentChangesNothing() throws {
        var overrides = try Overrides(yaml: "x: {retries: 1}", file: "o.yaml")
        #expect(throws: CompileErrors.self) { try overrides.apply(assignment: "x.retries=many") }
        #expect(overrides["x"]?.retries == 1)
    }

    @Test func validateAcceptsNamesTheWorkflowGives() throws {
        var overrides = try Overrides(yaml: "char_index: {retries: 1}", file: "o.yaml")
        try overrides.apply(assignment: "loop-override.cache=false")
        try overrides.validate(against: workflow)
    }

    @Test func validateRejectsUnknownNamesListingTheKnownOnes() throws {
        var overrides = try Overrides(yaml: "\nchar-index: {retries: 1}", file: "o.yaml")
        try overrides.apply(assignment: "loop.cache=false")
        #expect(
            errors { try overrides.validate(against: workflow) } == [
                "o.yaml:2: override char-index: workflow count_characters has no override name \"char-index\""
                    + " (known: char_index, loop-override)",
                "--override: override loop: workflow count_characters has no override name \"loop\""
                    + " (known: char_index, loop-override)",
            ])
    }
}
