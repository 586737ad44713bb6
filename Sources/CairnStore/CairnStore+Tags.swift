import CairnCore

extension CairnStore {
    /// Points `tag` at `artifact` (which must belong to `dataset`).
    ///
    /// If the tag already points at another artifact, the default keeps it and reports it
    /// (``TagOutcome/kept(existing:)``); with `overwrite` the tag is re-pointed
    /// (``TagOutcome/moved(previous:)``).
    /// - Throws: ``CairnError/Code/notFound`` (dataset or artifact), ``CairnError/Code/invalidArgument``
    ///   (the artifact belongs to another dataset).
    public func addTag(_ dataset: DatasetID, _ tag: TagName, artifact: ArtifactID, overwrite: Bool = false) async throws
        -> TagOutcome
    {
        var bind = PGBind()
        bind.append(dataset)
        bind.append(tag.value)
        bind.append(artifact)
        bind.append(overwrite)
        return try await pool.run(.prepared(.addTag, bind)) { result in
            switch result.string(0, 0) {
            case "created": return .created
            case "unchanged": return .unchanged
            case "moved": return .moved(previous: try result.artifactID(0, 1))
            default: return .kept(existing: try result.artifactID(0, 1))
            }
        }
    }
}
