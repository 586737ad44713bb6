import CairnCore
import CairnStore
import Foundation

extension WorkflowEngine {
    /// Continues an execution whose engine stopped (killed, cancelled, or failed nodes to retry):
    /// finished nodes keep their outputs; everything else runs again, once every process of the
    /// earlier engine is gone (see ``LeftoverProcesses``).
    /// - Throws: ``EngineError/Code/notResumable`` when it succeeded already, another engine runs
    ///   it, or processes of the earlier engine do not go.
    public func resume(_ id: UUID) async throws -> ExecutionReport {
        let lock: ExecutionLock
        do {
            lock = try await Blocking.run { [databaseURL] in
                try ExecutionLock.acquire(databaseURL: databaseURL, execution: id)
            }
        } catch let error as CairnError where error.code == .conflict {
            throw EngineError(.notResumable, error.message)
        }
        defer { lock.release() }
        let record = try await store.execution(id)
        guard record.status != .succeeded else {
            throw EngineError(
                .notResumable, "execution \(id.uuidString.lowercased()) succeeded already; there is nothing to resume")
        }
        configuration.onStart?(id)
        let definition = try ExecutionDefinition(encoded: record.definition)
        let workflow = try WorkflowCompiler.compile(yaml: definition.yaml, file: definition.file)
        let overrides = try definition.overrides()
        var state = try ExecutionState(encoded: record.state)
        var graph = ExecutionGraph(workflow: workflow)
        for future in state.futures {
            guard future.owner < graph.nodes.count else {
                throw EngineError(
                    .corruptState,
                    "execution \(id.uuidString.lowercased()): a future belongs to unknown node \(future.owner)")
            }
            let compiled = try CompiledWorkflow(decodingFuture: future.encoded, tasks: workflow.tasks)
            graph.appendFuture(compiled, of: future.owner)
        }
        guard graph.nodes.count == state.nodes.count else {
            throw EngineError(
                .corruptState,
                "execution \(id.uuidString.lowercased()): the state has \(state.nodes.count) nodes, the workflow and its futures \(graph.nodes.count)"
            )
        }
        for index in state.nodes.indices where state.nodes[index].phase != .succeeded {
            // A dynamic node keeps its future; its nodes decide whether it is done.
            let hasFuture = graph.futureScope[index] != nil
            state.nodes[index].phase = hasFuture ? .waitingForChildren : .pending
        }
        // Before anything runs: what the earlier engine left running is gone, so no node runs twice at once.
        let leftovers = try await Blocking.run { [state] in try LeftoverProcesses.stop(of: state, execution: id) }
        let watchdog = try await Blocking.run { try TaskWatchdog.start(execution: id) }
        defer { watchdog.stop() }
        // Recorded before any task starts, for a resume after this engine.
        state.record(watchdog)
        let recorded = state
        try await store.saveExecution(
            id, status: .running, nodeCount: state.nodes.count, state: try await Blocking.run { try recorded.encoded() }
        )
        let context = makeContext(
            id: id, definition: definition, overrides: overrides, createdAt: record.createdAt, watchdog: watchdog,
            workflow: workflow.name)
        var execution = Execution(context: context, graph: graph, state: state, workflowInputs: definition.inputs)
        for group in leftovers {
            execution.note(
                group.node,
                "killed process group \(group.leader.pid) of an attempt still running from the earlier engine")
        }
        await execution.discardUnreadableOutputs()
        try await execution.restoreScopes()
        return try await finish(execution)
    }
}

extension Execution {
    /// After a resume: a node that succeeded in an earlier run but whose outputs reference a blob
    /// that is now missing or damaged runs again (a dynamic node collects its future's outputs
    /// again), instead of failing each of its readers on every resume. Its lookup then deletes the
    /// catalog's artifact if that is the one with the damaged blob (see ``take(_:task:context:)``).
    mutating func discardUnreadableOutputs() async {
        for index in state.nodes.indices where state.nodes[index].phase == .succeeded {
            guard let outputs = state.nodes[index].outputs,
                let damage = await Self.damage(in: outputs, context: context)
            else { continue }
            state.nodes[index].phase = graph.futureScope[index] != nil ? .waitingForChildren : .pending
            state.nodes[index].outputs = nil
            state.nodes[index].cache = nil
            note(index, "outputs of the earlier run discarded: \(damage)")
        }
    }

    /// After a resume: each future's scope takes its dynamic node's inputs again.
    mutating func restoreScopes() async throws {
        // Outer futures first: a nested dynamic node's inputs come from its own future's scope.
        for (owner, scope) in graph.futureScope.sorted(by: { $0.value < $1.value }) {
            let inputs = try await resolving { try $0.boundInputs(of: owner) }
            nodeInputs[owner] = inputs
            scopeInputs[scope] = inputs
            let settings = settings(of: owner)
            guard settings.cache.enabled else { continue }
            keys[owner] = try? CacheKey.outputs(
                of: graph.task(owner), in: graph.scopes[graph.nodes[owner].scope].workflow, settings: settings,
                inputs: inputs)
            plannedCache[owner] = state.nodes[owner].cache ?? .miss
        }
    }
}
