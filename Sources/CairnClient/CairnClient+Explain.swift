import CairnCore
import CairnProtocol

extension CairnClient {
    /// `CACHE.EXPLAIN`: why `tag` of `dataset` has no live artifact, given the digest of each input
    /// of the key (what the key expired or was removed by, or how the nearest earlier result of the
    /// same task differs).
    public func explain(dataset: DatasetID, tag: TagName, inputs: [InputDigest]) async throws -> CacheExplanation {
        try await send(CacheExplain(dataset: dataset, tag: tag, inputs: inputs))
    }
}
