import CairnClient
import CairnCore
import Foundation

/// A node's background work: reserve if serialized, run the task, store the result, release.
extension Execution {
    func makeWork(_ index: Int, cache: CacheStatus) -> NodeWork {
        let task = graph.task(index)
        let settings = settings(of: index)
        let scope = graph.scopes[graph.nodes[index].scope].workflow
        var futureKey: CacheKey?
        if task.kind == .dynamic, settings.cache.enabled {
            futureKey = try? CacheKey.future(of: task, in: scope, settings: settings, inputs: nodeInputs[index] ?? [:])
        }
        let job = TaskRunner.Job(
            executionID: context.id, nodeID: graph.nodes[index].id, nodeIndex: index, task: task, settings: settings,
            inputs: nodeInputs[index] ?? [:], workflowDirectory: context.workflowDirectory,
            attemptsBefore: state.nodes[index].attempts)
        return NodeWork(index: index, job: job, key: keys[index], futureKey: futureKey, cache: cache, scope: scope)
    }

    static func perform(_ work: NodeWork, context: ExecutionContext) async -> NodeEvent {
        if work.job.task.kind == .dynamic { return .future(work.index, await generate(work, context: context)) }
        var cache = work.cache
        var fence: Int64?
        var note: String?
        if let key = work.key, cache == .miss, work.job.settings.cache.serialize {
            let acquired = await Reservations.acquire(key: key, work: work, context: context)
            note = acquired.note
            switch acquired.outcome {
            case .hit(let outputs):
                return .finished(
                    work.index, NodeResult(outputs: .success(outputs), cache: .hit, attempts: 0, note: note))
            case .acquired(let token): fence = token
            case .unavailable: cache = .lookupFailure
            }
        }
        let outcome = await withHeartbeat(fence != nil ? work.key : nil, work: work, context: context) {
            await context.runner.run(work.job)
        }
        let result: NodeResult
        switch outcome.result {
        case .failure(let error):
            result = NodeResult(outputs: .failure(error), cache: cache, attempts: outcome.attempts, note: note)
        case .success(.future):
            let error = EngineError(.invalidOutput, "node \(work.job.nodeID): a regular task produced a future")
            result = NodeResult(outputs: .failure(error), cache: cache, attempts: outcome.attempts, note: note)
        case .success(.outputs(let outputs)):
            if let key = work.key {
                cache = await store(
                    outputs, key: key, cache: cache, fence: fence, task: work.job.task,
                    expiry: work.job.settings.cache, record: CacheRecord(work.job, outcome: outcome, context: context),
                    context: context)
            }
            result = NodeResult(outputs: .success(outputs), cache: cache, attempts: outcome.attempts, note: note)
        }
        // Released after the put, on success and failure: released before it, a waiting engine
        // could take the lease, miss the cache and run the task a second time.
        if fence != nil, let key = work.key { await Reservations.release(key, work: work, context: context) }
        return .finished(work.index, result)
    }

    /// Puts outputs in the catalog with `expiry`'s TTL (sliding or not) and `record`'s lineage and input
    /// digests; returns the node's final status.
    static func store(
        _ outputs: [Literal], key: CacheKey, cache: CacheStatus, fence: Int64?, task: CompiledTask,
        expiry: CacheSettings, record: CacheRecord, context: ExecutionContext
    ) async -> CacheStatus {
        do {
            // A task without outputs still gets an artifact, so its next run is a hit.
            var items = try zip(task.outputs, outputs).map { try DataItem.inline($0.name, $1.canonicalBytes()) }
            if items.isEmpty { items = [try DataItem.inline("_done", [])] }
            _ = try await context.catalog.call { client in
                try await client.put(
                    dataset: key.dataset, tag: key.tag, data: items, ttl: expiry.ttl, metadata: record.metadata,
                    blobs: Offloader.references(outputs), fencingToken: fence, overwrite: cache == .skipped,
                    sliding: expiry.ttlCountsFromLastHit, inputs: record.inputs)
            }
            switch cache {
            case .skipped, .lookupFailure: return cache
            default: return .populated
            }
        } catch {
            return cache == .lookupFailure ? .lookupFailure : .putFailure
        }
    }

    /// Runs `body` while renewing the reservation on `key` every third of the lease.
    static func withHeartbeat<T: Sendable>(
        _ key: CacheKey?, work: NodeWork, context: ExecutionContext, _ body: @Sendable () async -> T
    ) async -> T {
        guard let key else { return await body() }
        return await withTaskGroup(of: T?.self) { group in
            group.addTask {
                let owner = context.owner(of: work.job.nodeID)
                while !Task.isCancelled {
                    try? await Task.sleep(for: context.configuration.lease / 3)
                    if Task.isCancelled { break }
                    _ = try? await context.catalog.call {
                        try await $0.reserve(
                            dataset: key.dataset, tag: key.tag, owner: owner, lease: context.configuration.lease)
                    }
                }
                return nil
            }
            let result = await body()
            group.cancelAll()
            return result
        }
    }
}
