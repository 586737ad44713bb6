import CairnCore
import CairnStore
import Foundation

extension WorkflowEngine {
    /// `cairn explain <execution> <node>`: why the catalog has (or had) no result for a node of a
    /// recorded execution. The node's inputs are bound again from the stored state (its upstream
    /// nodes must have succeeded) and its key and input digests go to `CACHE.EXPLAIN`.
    /// - Throws: ``EngineError/Code/invalidInput`` for an unknown node, one whose inputs have no
    ///   value yet or whose task caches nothing; ``EngineError/Code/corruptState``; catalog errors.
    public func explain(execution id: UUID, node nodeID: String) async throws -> CacheExplanation {
        let record = try await store.execution(id)
        let definition = try ExecutionDefinition(encoded: record.definition)
        let workflow = try WorkflowCompiler.compile(yaml: definition.yaml, file: definition.file)
        let state = try ExecutionState(encoded: record.state)
        var graph = ExecutionGraph(workflow: workflow)
        for future in state.futures where future.owner < graph.nodes.count {
            graph.appendFuture(
                try CompiledWorkflow(decodingFuture: future.encoded, tasks: workflow.tasks), of: future.owner)
        }
        guard graph.nodes.count == state.nodes.count else {
            throw EngineError(
                .corruptState, "execution \(id.uuidString.lowercased()): the state does not fit its workflow")
        }
        guard let index = graph.nodes.firstIndex(where: { $0.id == nodeID }) else {
            let known = graph.nodes.prefix(20).map(\.id).joined(separator: ", ")
            throw EngineError(
                .invalidInput, "execution \(id.uuidString.lowercased()) has no node \(nodeID) (nodes: \(known))")
        }
        let context = ExecutionContext(
            id: id, definition: definition, overrides: try definition.overrides(), configuration: configuration,
            catalog: catalog, runner: TaskRunner(configuration: configuration, offloader: offloader, watchdog: nil),
            store: store, createdAt: record.createdAt, workflow: workflow.name)
        var execution = Execution(context: context, graph: graph, state: state, workflowInputs: definition.inputs)
        // A future's scope takes its dynamic node's inputs; owners come before their futures.
        for scope in graph.scopes.indices.dropFirst() {
            if let owner = graph.scopes[scope].owner, let inputs = try? execution.boundInputs(of: owner) {
                execution.scopeInputs[scope] = inputs
            }
        }
        if let branch = graph.compiled(index).branch {
            let cases = branch.cases.map { "\(nodeID)/\($0.name)" }.joined(separator: ", ")
            throw EngineError(
                .invalidInput, "node \(nodeID) is a branch node: it runs no task of its own (its cases: \(cases))")
        }
        guard graph.compiled(index).map == nil else {
            throw EngineError(
                .invalidInput, "node \(nodeID) is a map node: each of its elements has a cache key of its own")
        }
        let settings = execution.settings(of: index)
        guard settings.cache.enabled else {
            throw EngineError(
                .invalidInput, "node \(nodeID): its task's cache is off, so the catalog holds nothing for it")
        }
        let inputs = try execution.boundInputs(of: index)
        let task = graph.task(index)
        let key = try CacheKey.outputs(
            of: task, in: graph.scopes[graph.nodes[index].scope].workflow, settings: settings, inputs: inputs)
        let digests = InputDigest.of(inputs, ignoring: Set(settings.cache.ignoreInputs))
        await Execution.explainMisses([(node: index, key: key, task: task, inputs: digests)], context: context)
        if let explanation = context.explanations[index] { return explanation }
        // explainMisses keeps failures quiet for a run; here the caller wants the error.
        return try await catalog.call { try await $0.explain(dataset: key.dataset, tag: key.tag, inputs: digests) }
    }
}
