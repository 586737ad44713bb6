import CairnCore
import Foundation

/// The scheduler's bookkeeping: starting nodes, applying what their work reported, and passing
/// success (or failure) on to the nodes that depend on them.
extension Execution {
    /// Starts every pending node whose dependencies have all succeeded, and completes dynamic
    /// nodes whose future's nodes are all finished (after a resume, which leaves every node
    /// pending, succeeded or waiting for its future's nodes).
    mutating func startReadyNodes() {
        skipUnchosenCases()
        for index in state.nodes.indices {
            switch state.nodes[index].phase {
            case .pending: startIfReady(index)
            case .waitingForChildren: checkOwner(index)
            default: break
            }
        }
    }

    /// Starts a pending node once every dependency has succeeded (a branch it is a case of: chose it).
    mutating func startIfReady(_ index: Int) {
        guard state.nodes[index].phase == .pending else { return }
        // A case node starts only when its branch chose it (not when the branch has succeeded).
        let ready = graph.nodes[index].dependencies.allSatisfy {
            graph.branchOf[index] == $0 ? chose(index, branch: $0) : state.nodes[$0].phase == .succeeded
        }
        if ready { start(index) }
    }

    /// Binds a node's inputs and queues it for a lookup or a process.
    mutating func start(_ index: Int) {
        state.nodes[index].phase = .running
        state.nodes[index].error = nil
        state.nodes[index].startedAt = context.now()
        dirty = true
        if let branch = graph.compiled(index).branch {
            startBranch(index, branch)
            return
        }
        let task = graph.task(index)
        let settings = settings(of: index)
        let inputs: [String: Literal]
        do {
            inputs = try boundInputs(of: index)
        } catch let needed as BlobNeeded {
            blobQueue.append((index, needed.reference, .start))
            return
        } catch {
            fail(index, TaskRunner.engineError(error))
            return
        }
        nodeInputs[index] = inputs
        if let map = graph.compiled(index).map {
            startMap(index, map, inputs: inputs)
            return
        }
        guard settings.cache.enabled else {
            runQueue.append((index, .disabled))
            return
        }
        do {
            let key = try CacheKey.outputs(
                of: task, in: graph.scopes[graph.nodes[index].scope].workflow, settings: settings, inputs: inputs)
            keys[index] = key
            if context.overwriteCache {
                runQueue.append((index, .skipped))
            } else {
                lookupQueue.append((index, key))
            }
        } catch {
            fail(index, EngineError(.invalidInput, "node \(graph.nodes[index].id): cache key: \(error)"))
        }
    }

    /// The node's settings with its override applied.
    func settings(of index: Int) -> TaskSettings {
        context.overrides.settings(for: graph.compiled(index), in: graph.scopes[graph.nodes[index].scope].workflow)
    }

    mutating func handle(_ event: NodeEvent) {
        if case .saved = event {} else { dirty = true }
        switch event {
        case .lookedUp(let nodes, let result): applyLookups(nodes, result)
        case .finished(let index, let result):
            // A dynamic node's final put held no process slot (its generator's slot was given back
            // when its future arrived); every other finish ends a node's work in a slot.
            processesRunning -= state.nodes[index].phase == .waitingForChildren ? 0 : 1
            state.nodes[index].attempts += result.attempts
            state.nodes[index].cache = result.cache
            if let text = result.note { note(index, text) }
            switch result.outputs {
            case .success(let outputs): succeed(index, outputs: outputs)
            case .failure(let error): fail(index, error)
            }
        case .future(let index, let result):
            processesRunning -= 1
            applyFuture(index, result)
        case .blobRead(let index, let then, let digest, let value):
            switch value {
            case .success(let literal):
                resolvedBlobs[digest] = literal
                if then == .start { start(index) } else { checkOwner(index) }
            case .failure(let error):
                fail(index, error)
            }
        case .elementsLookedUp, .elementFinished, .mapAssembled:
            handleMap(event)
        case .taskGroupsChanged:
            state.taskGroups = context.runner.watchdog?.running() ?? []
        case .saved(let error):
            writing = false
            // A failed write is not retried at once: the next change (or the final save) writes again.
            lastSaveError = error
        }
    }

    mutating func succeed(_ index: Int, outputs: [Literal]) {
        state.nodes[index].phase = .succeeded
        state.nodes[index].outputs = outputs
        state.nodes[index].duration = state.nodes[index].startedAt.map { context.now() - $0 }
        for dependent in graph.dependents[index] where state.nodes[dependent].phase == .pending {
            startIfReady(dependent)
        }
        finishedInScope(index)
        caseEnded(index)
    }

    mutating func fail(_ index: Int, _ error: EngineError) {
        guard error.code != .cancelled || !Task.isCancelled else {
            state.nodes[index].phase = .cancelled
            return
        }
        state.nodes[index].phase = .failed
        state.nodes[index].error = error.message
        state.nodes[index].duration = state.nodes[index].startedAt.map { context.now() - $0 }
        skipDependents(of: index)
        finishedInScope(index)
        caseEnded(index)
    }

    private mutating func skipDependents(of index: Int) {
        for dependent in graph.dependents[index] where !state.nodes[dependent].phase.isFinished {
            state.nodes[dependent].phase = .skipped
            state.nodes[dependent].error = "not run: \(graph.nodes[index].id) did not succeed"
            skipDependents(of: dependent)
            finishedInScope(dependent)
            caseEnded(dependent)
        }
    }

    /// A node of a future finished: its dynamic node may be done.
    private mutating func finishedInScope(_ index: Int) {
        guard let owner = graph.scopes[graph.nodes[index].scope].owner else { return }
        checkOwner(owner)
    }
}
