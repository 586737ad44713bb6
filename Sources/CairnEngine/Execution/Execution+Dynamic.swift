import CairnCore
import Foundation

/// Dynamic nodes: adding a future's nodes to the graph, and finishing the dynamic node once
/// they are all done.
extension Execution {
    mutating func applyFuture(_ index: Int, _ result: FutureResult) {
        state.nodes[index].attempts += result.attempts
        state.nodes[index].cache = result.cache
        if let text = result.note { note(index, text) }
        switch result.future {
        case .failure(let error):
            fail(index, error)
        case .success(let future):
            state.nodes[index].futureFromCatalog = result.fromCatalog
            state.nodes[index].compileTime = result.compileMillis
            futureMillis[index] = result.obtainMillis
            plannedCache[index] = result.cache
            state.futures.append(ExecutionState.Future(owner: index, encoded: future.encoded))
            attach(future.compiled, to: index)
            state.nodes[index].phase = .waitingForChildren
            guard let children = graph.children(of: index) else { return }
            for child in children where graph.nodes[child].dependencies.isEmpty { start(child) }
            checkOwner(index)
        }
    }

    /// Appends a future to the graph and the state; its scope's inputs are the dynamic node's.
    mutating func attach(_ future: CompiledWorkflow, to owner: Int) {
        let range = graph.appendFuture(future, of: owner)
        if state.nodes.count < range.upperBound {
            state.nodes.append(contentsOf: Array(repeating: NodeState(), count: range.upperBound - state.nodes.count))
        }
        if let scope = graph.futureScope[owner], let inputs = nodeInputs[owner] {
            scopeInputs[scope] = inputs
        }
    }

    /// Finishes a dynamic node when its future's nodes are all finished: with the future's outputs
    /// (stored in the catalog first when caching is on) or with the first failure.
    mutating func checkOwner(_ owner: Int) {
        guard state.nodes[owner].phase == .waitingForChildren, let children = graph.children(of: owner) else { return }
        guard children.allSatisfy({ state.nodes[$0].phase.isFinished }) else { return }
        if let failed = children.first(where: { state.nodes[$0].phase != .succeeded }) {
            fail(
                owner,
                EngineError(
                    .taskFailed,
                    "node \(graph.nodes[failed].id) of the future did not succeed: \(state.nodes[failed].error ?? "")"))
            return
        }
        let outputs: [Literal]
        do {
            guard let scope = graph.futureScope[owner] else { return }
            let workflow = graph.scopes[scope].workflow
            outputs = try workflow.outputs.map { try value(of: $0.binding, scope: scope, what: "output \($0.name)") }
        } catch let needed as BlobNeeded {
            blobQueue.append((owner, needed.reference, .finishOwner))
            return
        } catch {
            fail(owner, TaskRunner.engineError(error))
            return
        }
        let cache = plannedCache[owner] ?? .disabled
        if let key = keys[owner], cache != .disabled {
            pendingPuts.append((owner, key, outputs, cache))
        } else {
            succeed(owner, outputs: outputs)
        }
    }
}
