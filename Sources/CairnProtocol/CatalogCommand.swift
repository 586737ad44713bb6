import CairnCore

/// The catalog commands (`DATASET.*`, `ARTIFACT.*`, `TAG.ADD`), parsed: one case per command, each
/// carrying exactly what the store call needs.
public enum CatalogCommand: Hashable, Sendable {
    /// `DATASET.CREATE <dataset> [META k v]… [PARTITION key]…`
    case datasetCreate(DatasetCreateArguments)
    /// `DATASET.GET <dataset>`
    case datasetGet(DatasetID)
    /// `DATASET.LIST [PROJECT p] [DOMAIN d] [PREFIX x] [LIMIT n] [CURSOR c]`
    case datasetList(DatasetFilter, PageRequest)
    /// `ARTIFACT.CREATE <dataset> [ID uuid] [TTL s] [META k v]… [PARTITION k v]… [TAG t]… [BLOB …]… DATA …`
    case artifactCreate(NewArtifact)
    /// `ARTIFACT.GET <artifact-id>` or `ARTIFACT.GET <dataset> <tag>`
    case artifactGet(ArtifactReference)
    /// `ARTIFACT.LIST <dataset> [TAG t] [PARTITION k v]… [CREATED-FROM ms] [CREATED-BEFORE ms] [VALUES] …`
    case artifactList(ArtifactListArguments)
    /// `ARTIFACT.UPDATE <artifact-id> | <dataset> <tag> [TTL s | PERSIST] [META k v]… [BLOB …]… DATA …`
    case artifactUpdate(ArtifactUpdateArguments)
    /// `ARTIFACT.DELETE <artifact-id>`
    case artifactDelete(ArtifactID)
    /// `TAG.ADD <dataset> <tag> <artifact-id> [OVERWRITE]`
    case tagAdd(TagAddArguments)

    /// The arguments of `DATASET.CREATE`.
    public struct DatasetCreateArguments: Hashable, Sendable {
        public var dataset: DatasetID
        public var metadata: [String: String]
        /// In the order given; the store sorts and checks them.
        public var partitionKeys: [String]
    }

    /// The arguments of `ARTIFACT.LIST`.
    public struct ArtifactListArguments: Hashable, Sendable {
        public var dataset: DatasetID
        public var filter: ArtifactFilter
        public var page: PageRequest
    }

    /// The arguments of `ARTIFACT.UPDATE`: what replaces the artifact's content, and its expiry.
    public struct ArtifactUpdateArguments: Hashable, Sendable {
        public var reference: ArtifactReference
        /// Replaces every data item.
        public var data: [DataItem]
        /// Replaces the whole metadata map (empty when no `META` was given).
        public var metadata: [String: String]
        /// Replaces the declared blob references.
        public var blobs: [BlobReference]
        /// `TTL` resets the expiry from now, `PERSIST` clears it, neither keeps it.
        public var expiry: ExpiryUpdate
    }

    /// The arguments of `TAG.ADD`.
    public struct TagAddArguments: Hashable, Sendable {
        public var dataset: DatasetID
        public var tag: TagName
        public var artifact: ArtifactID
        public var overwrite: Bool
    }
}
