import CairnClient
import CairnCore
import Synchronization

/// With `--explain`: why each node that missed had no result in the catalog, asked with `CACHE.EXPLAIN`
/// when the lookup missed (before the node's own put makes the key live), kept for the report.
final class Explanations: Sendable {
    private let byNode = Mutex<[Int: CacheExplanation]>([:])

    subscript(node: Int) -> CacheExplanation? { byNode.withLock { $0[node] } }

    func record(_ explanation: CacheExplanation, node: Int) { byNode.withLock { $0[node] = explanation } }
}

extension Execution {
    /// The input digests each node of `batch` is explained with (none without `--explain`).
    func explainInputs(_ nodes: [Int]) -> [[InputDigest]] {
        guard context.configuration.explain else { return [] }
        return nodes.map { InputDigest.of(nodeInputs[$0] ?? [:], ignoring: Set(settings(of: $0).cache.ignoreInputs)) }
    }

    /// Asks the catalog why each missed key of a lookup batch missed; a failure leaves the node unexplained.
    static func explainMisses(
        _ misses: [(node: Int, key: CacheKey, task: CompiledTask, inputs: [InputDigest])], context: ExecutionContext
    ) async {
        for miss in misses {
            guard
                var explanation = try? await context.catalog.call({
                    try await $0.explain(dataset: miss.key.dataset, tag: miss.key.tag, inputs: miss.inputs)
                })
            else { continue }
            explanation.detailInterface(current: CacheRecord.interfaceText(miss.task), key: CacheRecord.interfaceKey)
            let previews = Dictionary(miss.inputs.map { ($0.name, $0.preview) }) { first, _ in first }
            for index in explanation.differences.indices where explanation.differences[index].name != nil {
                if explanation.differences[index].kind.hasPrefix("input_"),
                    explanation.differences[index].new != nil, explanation.differences[index].newPreview == nil
                {
                    explanation.differences[index].newPreview = previews[explanation.differences[index].name!] ?? nil
                }
            }
            context.explanations.record(explanation, node: miss.node)
        }
    }
}
