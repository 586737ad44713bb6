import CairnCore
import CairnEngine
import Testing

@Suite struct FutureEncodingTests {
    let workflow: CompiledWorkflow
    let future: CompiledWorkflow

    init() throws {
        workflow = try WorkflowCompiler.compile(yaml: countWorkflow, file: "count.yaml")
        let loop = try #require(workflow.tasks["count_loop"])
        future = try WorkflowCompiler.compileFuture(
            text: FutureCompilerTests.future, for: loop, in: workflow, file: "future.yaml")
    }

    func decodingError(_ bytes: [UInt8], tasks: [String: CompiledTask]) -> CompileError? {
        do {
            _ = try CompiledWorkflow(decodingFuture: bytes, tasks: tasks)
            return nil
        } catch {
            return error as? CompileError
        }
    }

    @Test func compiledFutureRoundTrips() throws {
        let decoded = try CompiledWorkflow(decodingFuture: future.encodedFuture(), tasks: workflow.tasks)
        #expect(decoded == future)
    }

    @Test func encodingIsDeterministic() throws {
        let again = try WorkflowCompiler.compileFuture(
            text: FutureCompilerTests.future, for: workflow.tasks["count_loop"]!, in: workflow, file: "other.yaml")
        #expect(again.encodedFuture() == future.encodedFuture())
    }

    @Test func everyKindOfBindingAndTypeRoundTrips() throws {
        var rich = future
        rich.inputs.append(
            Parameter(
                name: "extra", type: .structure(fields: ["a": .list(.map(.float)), "b": .file, "c": .bytes]),
                defaultValue: .structure([
                    "a": .list([.map(["x": .float(0.5)])]),
                    "b": .file(
                        FileLiteral(
                            uri: "s3://b/k", size: 3, sha256: SHA256Digest(bytes: [UInt8](repeating: 7, count: 32))!)),
                    "c": .bytes([1, 2]),
                ])))
        rich.inputs.append(Parameter(name: "times", type: .list(.datetime)))
        rich.outputs.append(
            OutputBinding(
                name: "deep", type: .duration,
                binding: .workflowInput(name: "extra", path: [.key("a"), .index(300), .key("k \" y")])))
        rich.outputs.append(
            OutputBinding(
                name: "lit", type: .map(.bool), binding: .literal(.map(["t": .bool(true), "f": .bool(false)]))))
        rich.nodes[1].overrideName = "own-name"
        let decoded = try CompiledWorkflow(decodingFuture: rich.encodedFuture(), tasks: workflow.tasks)
        #expect(decoded == rich)
    }

    @Test func nodesInheritTheirTasksCurrentOverrideName() throws {
        var tasks = workflow.tasks
        tasks["char_index"]?.overrideName = "renamed"
        let decoded = try CompiledWorkflow(decodingFuture: future.encodedFuture(), tasks: tasks)
        #expect(decoded.nodes.map(\.overrideName) == ["renamed", nil, "renamed"])
        #expect(decoded.tasks == tasks)
    }

    @Test func changedSettingsDoNotInvalidateTheFuture() throws {
        var tasks = workflow.tasks
        tasks["char_index"]?.settings.retries = 9
        tasks["char_index"]?.command = ["other"]
        let decoded = try CompiledWorkflow(decodingFuture: future.encodedFuture(), tasks: tasks)
        #expect(decoded.nodes == future.nodes)
    }

    @Test func changedInterfaceInvalidatesTheFuture() {
        var tasks = workflow.tasks
        tasks["char_index"]?.outputs = [Parameter(name: "index", type: .float)]
        let error = decodingError(future.encodedFuture(), tasks: tasks)
        #expect(error?.code == .staleFuture)
        #expect(
            error?.description
                == "compiled future: task char_index: the task's inputs or outputs changed since the future was compiled"
        )
    }

    @Test func missingTaskInvalidatesTheFuture() {
        var tasks = workflow.tasks
        tasks["count_loop"] = nil
        let error = decodingError(future.encodedFuture(), tasks: tasks)
        #expect(error?.code == .staleFuture)
        #expect(
            error?.description
                == "compiled future: task count_loop: the future uses this task, which the workflow no longer declares")
    }

    @Test func unusedTasksMayChange() throws {
        var tasks = workflow.tasks
        tasks["positions"] = nil
        #expect(try CompiledWorkflow(decodingFuture: future.encodedFuture(), tasks: tasks).nodes == future.nodes)
    }

    @Test func everyTruncationIsRejectedAsMalformed() {
        let bytes = future.encodedFuture()
        for length in 0..<bytes.count {
            let error = decodingError(Array(bytes.prefix(length)), tasks: workflow.tasks)
            #expect(error?.code == .malformedFuture, "length \(length)")
        }
    }

    @Test func trailingBytesAndOtherFormatsAreRejected() {
        #expect(decodingError(future.encodedFuture() + [0], tasks: workflow.tasks)?.code == .malformedFuture)
        #expect(decodingError(Array("nodes: []".utf8), tasks: workflow.tasks)?.code == .malformedFuture)
    }

    @Test func corruptedBytesNeverCrash() {
        let bytes = future.encodedFuture()
        var generator = SeededGenerator(seed: 0xCA1F)
        for _ in 0..<500 {
            var corrupted = bytes
            let index = Int.random(in: 4..<bytes.count, using: &generator)
            corrupted[index] = UInt8.random(in: 0...255, using: &generator)
            // Any outcome but a crash is fine; a decoded result must still be well-formed.
            if let decoded = try? CompiledWorkflow(decodingFuture: corrupted, tasks: workflow.tasks) {
                for (index, node) in decoded.nodes.enumerated() {
                    #expect(node.dependencies.allSatisfy { $0 < index })
                }
            }
        }
    }
}
