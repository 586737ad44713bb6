import CairnClient
import CairnCore

/// The lookup step: one `CACHE.MGET` for a batch of ready nodes, and what a hit or miss does.
extension Execution {
    /// With `explaining` (input digests per entry, `--explain`), each miss is explained before it runs.
    static func lookUp(
        _ batch: [(node: Int, key: CacheKey, task: CompiledTask)], context: ExecutionContext,
        explaining inputs: [[InputDigest]] = []
    ) async -> NodeEvent {
        let nodes = batch.map(\.node)
        let hits: [CachedArtifact?]
        do {
            hits = try await context.catalog.call { client in
                try await client.mget(batch.map { ($0.key.dataset, $0.key.tag) })
            }
        } catch {
            return .lookedUp(nodes, .failure(EngineError(.io, "catalog lookup failed: \(error)")))
        }
        var found: [CachedOutputs] = []
        found.reserveCapacity(hits.count)
        for (entry, hit) in zip(batch, hits) {
            if let hit {
                found.append(await take(hit, task: entry.task, context: context))
            } else {
                found.append(.miss)
            }
        }
        if !inputs.isEmpty {
            let misses = batch.indices.filter { hits[$0] == nil }.map {
                (node: batch[$0].node, key: batch[$0].key, task: batch[$0].task, inputs: inputs[$0])
            }
            await explainMisses(misses, context: context)
        }
        return .lookedUp(nodes, .success(found))
    }

    mutating func applyLookups(_ nodes: [Int], _ result: Result<[CachedOutputs], EngineError>) {
        switch result {
        case .failure:
            for node in nodes { runQueue.append((node, .lookupFailure)) }
        case .success(let found):
            for (node, cached) in zip(nodes, found) {
                switch cached {
                case .hit(let outputs, let source):
                    state.nodes[node].cache = .hit
                    sources[node] = source
                    succeed(node, outputs: outputs)
                case .miss:
                    runQueue.append((node, .miss))
                case .discarded(let reason):
                    note(node, reason)
                    runQueue.append((node, .miss))
                }
            }
        }
    }

    /// A hit's items decoded against the task's outputs; `nil` (a miss) if any is missing or does
    /// not decode to its declared type, so a stale or foreign artifact is recomputed, not trusted.
    static func outputs(of hit: CachedArtifact, task: CompiledTask) -> [Literal]? {
        var outputs: [Literal] = []
        outputs.reserveCapacity(task.outputs.count)
        for parameter in task.outputs {
            guard case .inline(let bytes)? = hit[item: parameter.name]?.value,
                let value = try? Literal(canonicalBytes: bytes), value.conforms(to: parameter.type)
            else { return nil }
            outputs.append(value)
        }
        return outputs
    }
}
