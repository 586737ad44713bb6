import CairnClient
import CairnCore
import CairnStore
import Foundation

/// Map nodes: the task runs once per element of the `over` lists. Each element is its own cache
/// entry (the key the task would have as a plain node with the element's inputs), looked up in
/// `CACHE.MGET` batches; the node's outputs are lists in element order, assembled (and offloaded
/// when large) once every element has finished.
extension Execution {
    /// Splits a started map node into elements and queues the unfinished ones for a lookup or a
    /// process. Elements that succeeded in an earlier run of the execution (`--resume`) keep their outputs.
    mutating func startMap(_ index: Int, _ map: MapSettings, inputs: [String: Literal]) {
        let id = graph.nodes[index].id
        var lists: [(name: String, values: [Literal])] = []
        for name in map.over {
            var value = inputs[name] ?? .list([])
            if case .offloaded(let reference) = value {
                guard let resolved = resolvedBlobs[reference.sha256] else {
                    blobQueue.append((index, reference, .start))
                    return
                }
                value = resolved
            }
            guard case .list(let values) = value else {
                fail(index, EngineError(.invalidInput, "node \(id): input \(name) is mapped over but is not a list"))
                return
            }
            lists.append((name, values))
        }
        let count = lists.first?.values.count ?? 0
        guard lists.allSatisfy({ $0.values.count == count }) else {
            let lengths = lists.map { "\($0.name) has \($0.values.count)" }.joined(separator: ", ")
            fail(
                index,
                EngineError(
                    .invalidInput, "node \(id): the lists of map.over must have the same length, but \(lengths)"))
            return
        }
        var elementInputs: [[String: Literal]] = []
        elementInputs.reserveCapacity(count)
        for element in 0..<count {
            var values = inputs
            for list in lists { values[list.name] = list.values[element] }
            elementInputs.append(values)
        }
        var elements = state.maps[index].flatMap { $0.count == count ? $0 : nil } ?? MapElements(count: count)
        let unfinished = (0..<count).filter { elements.phases[$0] != .succeeded }
        let task = graph.task(index)
        let settings = settings(of: index)
        var keys = [CacheKey?](repeating: nil, count: count)
        if settings.cache.enabled {
            let scope = graph.scopes[graph.nodes[index].scope].workflow
            do {
                // One dataset for all (validated once); each element's tag is its inputs' digest.
                if let first = unfinished.first {
                    let dataset = try CacheKey.outputs(
                        of: task, in: scope, settings: settings, inputs: elementInputs[first]
                    ).dataset
                    for element in unfinished {
                        keys[element] = CacheKey(
                            dataset: dataset, tag: try CacheKey.tag(inputs: elementInputs[element], settings: settings))
                    }
                }
            } catch {
                fail(index, EngineError(.invalidInput, "node \(id): cache key: \(error)"))
                return
            }
        }
        let run = MapRun(inputs: elementInputs, keys: keys, remaining: unfinished.count)
        for element in unfinished {
            elements.phases[element] = .running
            elements.caches[element] = 0
            elements.outputs[element] = nil
            if let key = keys[element], !context.overwriteCache {
                elementLookups.append((index, element, key))
            } else {
                run.enqueue(element, settings.cache.enabled ? .skipped : .disabled)
            }
        }
        state.maps[index] = elements
        mapRuns[index] = run
        if run.hasQueued { mapOrder.append(index) }
        if unfinished.isEmpty { finishMap(index) }
    }

    /// Starts element lookups, element processes (within each node's `concurrency` and the
    /// engine's parallelism) and the assembly of finished map nodes' outputs.
    mutating func scheduleElements(_ group: inout TaskGroup<NodeEvent>) {
        while !elementLookups.isEmpty {
            let batch = elementLookups.prefix(context.configuration.lookupBatch).map { entry in
                (node: entry.node, element: entry.element, key: entry.key, task: graph.task(entry.node))
            }
            elementLookups.removeFirst(batch.count)
            inFlight += 1
            let context = self.context
            group.addTask { await Self.lookUpElements(batch, context: context) }
        }
        var position = 0
        while processesRunning < context.configuration.parallelism, position < mapOrder.count {
            let node = mapOrder[position]
            guard let run = mapRuns[node], run.hasQueued else {
                mapOrder.remove(at: position)
                continue
            }
            if run.running >= graph.compiled(node).map?.concurrency ?? .max {
                position += 1
                continue
            }
            let (element, cache) = run.dequeue()
            run.running += 1
            processesRunning += 1
            inFlight += 1
            let work = makeElementWork(node, element: element, cache: cache, run: run)
            let context = self.context
            group.addTask {
                let event = await Self.perform(work, context: context)
                guard case .finished(_, let result) = event else {
                    let error = EngineError(.invalidOutput, "node \(work.job.nodeID): a map element produced a future")
                    return .elementFinished(
                        node, element, NodeResult(outputs: .failure(error), cache: cache, attempts: 0))
                }
                return .elementFinished(node, element, result)
            }
        }
        while !pendingAssembly.isEmpty {
            let (node, outputs) = pendingAssembly.removeFirst()
            let map = graph.compiled(node).map ?? MapSettings(over: [])
            let parameters = graph.task(node).outputs
            let id = graph.nodes[node].id
            let offloader = context.runner.offloader
            inFlight += 1
            group.addTask {
                do {
                    // Encoding a 10,000-element list and writing its blob are not the scheduler's work.
                    let values = try await Blocking.run {
                        try zip(parameters, outputs).map { parameter, value in
                            try offloader.offload(
                                value, type: map.outputType(parameter.type), name: "\(parameter.name) of node \(id)")
                        }
                    }
                    return .mapAssembled(node, .success(values))
                } catch {
                    return .mapAssembled(node, .failure(TaskRunner.engineError(error)))
                }
            }
        }
    }

    private func makeElementWork(_ node: Int, element: Int, cache: CacheStatus, run: MapRun) -> NodeWork {
        let job = TaskRunner.Job(
            executionID: context.id, nodeID: "\(graph.nodes[node].id)/\(element)", nodeIndex: node,
            task: graph.task(node), settings: settings(of: node), inputs: run.inputs[element],
            workflowDirectory: context.workflowDirectory)
        return NodeWork(
            index: node, job: job, key: run.keys[element], futureKey: nil, cache: cache,
            scope: graph.scopes[graph.nodes[node].scope].workflow)
    }

    /// One `CACHE.MGET` for a batch of elements (of one or more map nodes).
    static func lookUpElements(
        _ batch: [(node: Int, element: Int, key: CacheKey, task: CompiledTask)], context: ExecutionContext
    ) async -> NodeEvent {
        let elements = batch.map { (node: $0.node, element: $0.element) }
        let hits: [CachedArtifact?]
        do {
            hits = try await context.catalog.call { client in
                try await client.mget(batch.map { ($0.key.dataset, $0.key.tag) })
            }
        } catch {
            return .elementsLookedUp(elements, .failure(EngineError(.io, "catalog lookup failed: \(error)")))
        }
        var found: [CachedOutputs] = []
        found.reserveCapacity(hits.count)
        for (entry, hit) in zip(batch, hits) {
            found.append(hit == nil ? .miss : await take(hit!, task: entry.task, context: context))
        }
        return .elementsLookedUp(elements, .success(found))
    }

    /// Applies what a map event reported.
    mutating func handleMap(_ event: NodeEvent) {
        switch event {
        case .elementsLookedUp(let elements, .failure):
            for entry in elements { queue(entry.node, entry.element, .lookupFailure) }
        case .elementsLookedUp(let elements, .success(let found)):
            for (entry, cached) in zip(elements, found) {
                switch cached {
                case .hit(let outputs, _):
                    finishElement(entry.node, entry.element, .success(outputs), cache: .hit)
                case .miss:
                    queue(entry.node, entry.element, .miss)
                case .discarded(let reason):
                    note(entry.node, "element \(entry.element): \(reason)")
                    queue(entry.node, entry.element, .miss)
                }
            }
        case .elementFinished(let node, let element, let result):
            processesRunning -= 1
            mapRuns[node]?.running -= 1
            state.nodes[node].attempts += result.attempts
            if let text = result.note { note(node, "element \(element): \(text)") }
            if case .failure(let error) = result.outputs, error.code == .cancelled, Task.isCancelled { return }
            finishElement(node, element, result.outputs, cache: result.cache)
        case .mapAssembled(let node, .success(let outputs)):
            succeed(node, outputs: outputs)
        case .mapAssembled(let node, .failure(let error)):
            fail(node, error)
        default:
            break
        }
    }

    private mutating func queue(_ node: Int, _ element: Int, _ cache: CacheStatus) {
        guard let run = mapRuns[node] else { return }
        if !run.hasQueued, !mapOrder.contains(node) { mapOrder.append(node) }
        run.enqueue(element, cache)
    }

    private mutating func finishElement(
        _ node: Int, _ element: Int, _ outputs: Result<[Literal], EngineError>, cache: CacheStatus
    ) {
        guard state.nodes[node].phase == .running, let run = mapRuns[node] else { return }
        state.maps[node]?.caches[element] = cache.rawValue
        switch outputs {
        case .success(let values):
            state.maps[node]?.phases[element] = .succeeded
            state.maps[node]?.outputs[element] = values
        case .failure(let error):
            state.maps[node]?.phases[element] = .failed
            run.errors[element] = error.message
        }
        run.remaining -= 1
        if run.remaining == 0 { finishMap(node) }
    }

    /// Every element has finished: fails the node below its success ratio, otherwise queues its
    /// list outputs for assembly.
    private mutating func finishMap(_ node: Int) {
        guard let elements = state.maps[node], let map = graph.compiled(node).map else { return }
        let id = graph.nodes[node].id
        state.nodes[node].cache = elements.nodeCache(enabled: settings(of: node).cache.enabled)
        let failed = elements.failed
        let required = map.required(of: elements.count)
        guard elements.count - failed.count >= required else {
            let shown = failed.prefix(20).map(String.init).joined(separator: ", ") + (failed.count > 20 ? ", …" : "")
            var message =
                "node \(id): \(failed.count) of \(elements.count) elements failed; min_success_ratio "
                + "\(map.minSuccessRatio) needs \(required) to succeed (failed elements: \(shown))"
            if let first = failed.first, let error = mapRuns[node]?.errors[first] {
                message += "; element \(first): \(error)"
            }
            fail(node, EngineError(.taskFailed, message))
            return
        }
        let outputs = graph.task(node).outputs.indices.map { position in
            Literal.list(
                elements.outputs.map { values in
                    guard map.toleratesFailures else { return values?[position] ?? .list([]) }
                    return .list(values.map { [$0[position]] } ?? [])
                })
        }
        pendingAssembly.append((node, outputs))
    }
}
