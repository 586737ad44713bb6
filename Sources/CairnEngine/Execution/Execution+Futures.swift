import CairnClient
import CairnCore
import Foundation

/// A dynamic node's first step: its compiled future, from the catalog when it holds one for these
/// inputs (neither the generator nor the compiler runs), else from the generator and the compiler.
extension Execution {
    static let futureItem = "future"
    static let compileTimeKey = "compile_ms"

    static func generate(_ work: NodeWork, context: ExecutionContext) async -> FutureResult {
        let clock = ContinuousClock()
        let start = clock.now
        var result = await obtain(work, context: context)
        result.obtainMillis = (clock.now - start).timeInterval * 1000
        return result
    }

    private static func obtain(_ work: NodeWork, context: ExecutionContext) async -> FutureResult {
        let cache = work.cache
        var note: String?
        if let key = work.futureKey, cache != .skipped {
            switch await cachedFuture(key, work: work, context: context) {
            case .found(let cached): return cached
            case .discarded(let reason): note = reason
            case .absent: break
            }
        }
        // `cache.serialize`: one generator per future key at a time; the others wait for its
        // future and take it from the catalog, as serialized tasks do with outputs.
        var fence: Int64?
        if let key = work.futureKey, cache == .miss, work.job.settings.cache.serialize {
            let acquired = await Reservations.acquire(key: key, work: work, context: context) {
                switch await cachedFuture(key, work: work, context: context) {
                case .found(let cached): .hit(cached)
                case .discarded(let reason): .discarded(reason)
                case .absent: .miss
                }
            }
            note = acquired.note ?? note
            switch acquired.outcome {
            case .hit(var cached):
                cached.note = note
                return cached
            case .acquired(let token): fence = token
            case .unavailable: break
            }
        }
        let token = fence
        var result = await withHeartbeat(token != nil ? work.futureKey : nil, work: work, context: context) {
            await generateAndCompile(work, fence: token, context: context)
        }
        // Released after the put, as for outputs: a waiter that took the lease before it would
        // miss the future and run the generator again.
        if fence != nil, let key = work.futureKey { await Reservations.release(key, work: work, context: context) }
        result.note = note
        return result
    }

    /// Runs the generator and compiles the future it writes; stores it when caching is on, fenced
    /// by `fence` when the node holds the key's lease.
    private static func generateAndCompile(_ work: NodeWork, fence: Int64?, context: ExecutionContext) async
        -> FutureResult
    {
        let cache = work.cache
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await context.runner.run(work.job)
        let text: String
        switch outcome.result {
        case .failure(let error):
            return FutureResult(
                future: .failure(error), cache: cache, attempts: outcome.attempts, fromCatalog: false)
        case .success(.outputs):
            let error = EngineError(.invalidOutput, "node \(work.job.nodeID): a dynamic task must write a future")
            return FutureResult(future: .failure(error), cache: cache, attempts: outcome.attempts, fromCatalog: false)
        case .success(.future(let written)):
            text = written
        }
        let compiled: CompiledWorkflow
        do {
            compiled = try WorkflowCompiler.compileFuture(
                text: text, for: work.job.task, in: work.scope,
                file:
                    "\(context.configuration.runDirectory)/\(context.id.uuidString.lowercased())/\(work.job.nodeID)/future.yaml"
            )
        } catch {
            let rejected = EngineError(
                .futureRejected, "node \(work.job.nodeID): the future does not compile: \(error)")
            return FutureResult(
                future: .failure(rejected), cache: cache, attempts: outcome.attempts, fromCatalog: false)
        }
        let encoded = compiled.encodedFuture()
        let millis = (clock.now - start).wholeMilliseconds
        if let key = work.futureKey {
            let record = CacheRecord(work.job, outcome: outcome, context: context)
            _ = try? await context.catalog.call { client in
                // The blobs its `$offloaded` values reference are declared, so garbage collection
                // keeps them while the future is cached (the outputs that wrote them may be purged first).
                try await client.put(
                    dataset: key.dataset, tag: key.tag, data: [try DataItem.inline(futureItem, encoded)],
                    ttl: work.job.settings.cache.ttl,
                    metadata: record.metadata.merging([compileTimeKey: String(millis)]) { _, new in new },
                    blobs: Offloader.references(compiled.literals), fencingToken: fence, overwrite: cache == .skipped,
                    sliding: work.job.settings.cache.ttlCountsFromLastHit, inputs: record.inputs)
            }
        }
        return FutureResult(
            future: .success((compiled, encoded)), cache: cache, attempts: outcome.attempts, fromCatalog: false,
            compileMillis: millis)
    }

    /// What the catalog holds as a dynamic node's future.
    private enum CachedFuture {
        case absent
        case found(FutureResult)
        /// A future whose literals reference a blob that is missing or damaged: deleted; why.
        case discarded(String)
    }

    /// The cached future for the node's inputs, if the catalog has one that still fits the tasks and
    /// whose values written as `$offloaded` references read back intact (see ``take(_:task:context:)``).
    private static func cachedFuture(_ key: CacheKey, work: NodeWork, context: ExecutionContext) async
        -> CachedFuture
    {
        guard let hit = try? await context.catalog.call({ try await $0.get(dataset: key.dataset, tag: key.tag) }),
            case .inline(let bytes)? = hit[item: futureItem]?.value,
            let compiled = try? CompiledWorkflow(decodingFuture: bytes, tasks: work.scope.tasks)
        else { return .absent }
        if let damage = await damage(in: compiled.literals, context: context) {
            return .discarded(await discard(hit, because: "cached future discarded: \(damage)", context: context))
        }
        return .found(
            FutureResult(
                future: .success((compiled, bytes)), cache: work.cache, attempts: 0, fromCatalog: true,
                compileMillis: hit.metadata[compileTimeKey].flatMap { Int64($0) }))
    }
}
