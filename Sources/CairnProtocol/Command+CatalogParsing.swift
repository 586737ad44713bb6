import CairnCore

extension Command {
    /// Parses a catalog command; `name` is upper-case and its arity already checked against the table.
    /// Options are case-insensitive and may come in any order, except that `DATA` takes every
    /// argument after it.
    static func parseCatalog(_ name: String, _ arguments: inout Arguments) throws -> CatalogCommand {
        switch name {
        case DatasetCreate.spec.name: .datasetCreate(try DatasetCreate(from: &arguments))
        case DatasetGet.spec.name: .datasetGet(try DatasetGet(from: &arguments))
        case DatasetList.spec.name: .datasetList(try DatasetList(from: &arguments))
        case ArtifactCreate.spec.name: .artifactCreate(try ArtifactCreate(from: &arguments))
        case ArtifactGet.spec.name: .artifactGet(try ArtifactGet(from: &arguments))
        case ArtifactList.spec.name: .artifactList(try ArtifactList(from: &arguments))
        case ArtifactUpdate.spec.name: .artifactUpdate(try ArtifactUpdate(from: &arguments))
        case ArtifactDelete.spec.name: .artifactDelete(try ArtifactDelete(from: &arguments))
        case TagAdd.spec.name: .tagAdd(try TagAdd(from: &arguments))
        default: throw CommandError("unknown command '\(name)'")
        }
    }
}
