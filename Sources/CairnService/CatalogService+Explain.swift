import CairnCore

extension CatalogService {
    /// Why `tag` of `dataset` has no live artifact (see ``CairnStore/explain(_:_:inputs:)``); one statement.
    public func explain(_ dataset: DatasetID, _ tag: TagName, inputs: [InputDigest]) async throws -> CacheExplanation {
        try await store.explain(dataset, tag, inputs: inputs)
    }
}
