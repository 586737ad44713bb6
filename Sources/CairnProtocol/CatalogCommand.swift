import CairnCore

/// The catalog commands (`DATASET.*`, `ARTIFACT.*`, `TAG.ADD`), parsed: one case per command, each
/// carrying its definition.
public enum CatalogCommand: Hashable, Sendable {
    case datasetCreate(DatasetCreate)
    case datasetGet(DatasetGet)
    case datasetList(DatasetList)
    case artifactCreate(ArtifactCreate)
    case artifactGet(ArtifactGet)
    case artifactList(ArtifactList)
    case artifactUpdate(ArtifactUpdate)
    case artifactDelete(ArtifactDelete)
    case tagAdd(TagAdd)
}
