import CairnCore

/// The catalog: datasets, artifacts and tags, with the hot cache told about every change.
extension CatalogService {
    /// Creates a dataset, or finds it with the same metadata and keys.
    public func createDataset(_ id: DatasetID, metadata: [String: String] = [:], partitionKeys: [String] = [])
        async throws -> (dataset: Dataset, outcome: CreateOutcome)
    {
        let created = try await store.createDataset(id, metadata: metadata, partitionKeys: partitionKeys)
        datasets.insert(created.dataset)
        return created
    }

    /// One dataset: PostgreSQL is asked once per dataset (they never change), then the answer is
    /// kept. - Throws: ``CairnError/Code/notFound`` (not kept: it may be created next).
    public func dataset(_ id: DatasetID) async throws -> Dataset {
        if let dataset = datasets[id] { return dataset }
        let dataset = try await store.dataset(id)
        datasets.insert(dataset)
        return dataset
    }

    /// One page of datasets.
    public func listDatasets(_ filter: DatasetFilter, page: PageRequest) async throws -> Page<Dataset> {
        try await store.listDatasets(filter, page: page)
    }

    /// Creates an artifact with its tags atomically; the tags' hot entries go.
    public func createArtifact(_ new: NewArtifact) async throws -> Artifact {
        let artifact = try await budget.admitting(Self.size(new.items, new.blobs)) {
            try await store.createArtifact(new)
        }
        for tag in new.tags { hotCache.invalidate(dataset: new.dataset, tag: tag) }
        return artifact
    }

    /// The inspection read, expired or not. - Throws: ``CairnError/Code/notFound``.
    public func artifact(_ reference: ArtifactReference) async throws -> Artifact {
        try await store.artifact(reference)
    }

    /// One page of a dataset's artifacts.
    public func listArtifacts(_ dataset: DatasetID, filter: ArtifactFilter, page: PageRequest) async throws
        -> Page<Artifact>
    {
        try await store.listArtifacts(dataset, filter: filter, page: page)
    }

    /// Replaces an artifact's content in place; its hot entries go.
    public func updateArtifact(
        _ reference: ArtifactReference, data: [DataItem], metadata: [String: String] = [:],
        blobs: [BlobReference] = [], expiry: ExpiryUpdate = .keep
    ) async throws -> Artifact {
        let artifact = try await budget.admitting(Self.size(data, blobs)) {
            try await store.updateArtifact(reference, data: data, metadata: metadata, blobs: blobs, expiry: expiry)
        }
        hotCache.invalidate(artifact: artifact.id)
        return artifact
    }

    /// Deletes one artifact with its tags; whether it existed.
    public func deleteArtifact(_ id: ArtifactID) async throws -> Bool {
        // Invalidate on both sides of the delete: nothing inserted in between survives it.
        hotCache.invalidate(artifact: id)
        let deleted = try await store.deleteArtifact(id)
        hotCache.invalidate(artifact: id)
        return deleted
    }

    /// Points a tag at an artifact of the same dataset; the tag's hot entry goes.
    public func addTag(_ dataset: DatasetID, _ tag: TagName, artifact: ArtifactID, overwrite: Bool) async throws
        -> TagOutcome
    {
        let outcome = try await store.addTag(dataset, tag, artifact: artifact, overwrite: overwrite)
        hotCache.invalidate(dataset: dataset, tag: tag)
        return outcome
    }
}
