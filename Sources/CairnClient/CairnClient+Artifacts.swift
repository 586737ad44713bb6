import CairnCore
import CairnProtocol

/// Artifacts by id: what a reader does with one artifact it found, whatever tags point at it.
extension CairnClient {
    /// `ARTIFACT.DELETE`: deletes the artifact with `id` (its tags go with it). Unlike
    /// ``evict(dataset:tag:)`` it cannot remove an artifact put under the same tag meanwhile.
    /// - Returns: whether there was one.
    @discardableResult
    public func deleteArtifact(_ id: ArtifactID) async throws -> Bool {
        try await send(ArtifactDelete(id: id))
    }
}
