import CairnClient
import CairnCore

/// The lookup step: one `CACHE.MGET` for a batch of ready nodes, and what a hit or miss does.
extension Execution {
    static func lookUp(_ batch: [(node: Int, key: CacheKey)], context: ExecutionContext) async -> NodeEvent {
        let nodes = batch.map(\.node)
        do {
            let hits = try await context.catalog.call { client in
                try await client.mget(batch.map { ($0.key.dataset, $0.key.tag) })
            }
            return .lookedUp(nodes, .success(hits.map { $0.map(CachedArtifactValues.init) }))
        } catch {
            return .lookedUp(nodes, .failure(EngineError(.io, "catalog lookup failed: \(error)")))
        }
    }

    mutating func applyLookups(_ nodes: [Int], _ result: Result<[CachedArtifactValues?], EngineError>) {
        switch result {
        case .failure:
            for node in nodes { runQueue.append((node, .lookupFailure)) }
        case .success(let hits):
            for (node, hit) in zip(nodes, hits) {
                if let hit, let outputs = Self.outputs(of: hit, task: graph.task(node)) {
                    state.nodes[node].cache = .hit
                    succeed(node, outputs: outputs)
                } else {
                    runQueue.append((node, .miss))
                }
            }
        }
    }

    /// A hit's items decoded against the task's outputs; `nil` (a miss) if any is missing or does
    /// not decode to its declared type, so a stale or foreign artifact is recomputed, not trusted.
    static func outputs(of hit: CachedArtifactValues, task: CompiledTask) -> [Literal]? {
        var outputs: [Literal] = []
        outputs.reserveCapacity(task.outputs.count)
        for parameter in task.outputs {
            guard let bytes = hit.items[parameter.name], let value = try? Literal(canonicalBytes: bytes),
                value.conforms(to: parameter.type)
            else { return nil }
            outputs.append(value)
        }
        return outputs
    }
}

extension CachedArtifactValues {
    init(_ artifact: CachedArtifact) {
        var items: [String: [UInt8]] = [:]
        for item in artifact.items {
            if case .inline(let bytes) = item.value { items[item.name] = bytes }
        }
        self.init(items: items, metadata: artifact.metadata)
    }
}
