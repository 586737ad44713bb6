/// What a cache put did.
public struct PutResult: Hashable, Sendable {
    public enum Outcome: String, Hashable, Sendable {
        /// A new artifact was created and tagged.
        case created
        /// The tag already had a live artifact; nothing was written and ``PutResult/artifactID`` is that artifact.
        case exists
        /// `overwrite` was asked for and the tag's artifact was replaced in place (same id).
        case updated
    }

    /// The artifact the tag points at now: the winner, for every concurrent writer of one tag.
    public var artifactID: ArtifactID
    public var outcome: Outcome

    public init(artifactID: ArtifactID, outcome: Outcome) {
        self.artifactID = artifactID
        self.outcome = outcome
    }
}

/// What adding a tag did.
public enum TagOutcome: Hashable, Sendable {
    /// The tag did not exist and now points at the artifact.
    case created
    /// The tag already pointed at this artifact.
    case unchanged
    /// The tag points at another artifact and was kept (no overwrite asked): that artifact.
    case kept(existing: ArtifactID)
    /// Overwrite was asked: the tag moved from `previous` to the artifact.
    case moved(previous: ArtifactID)
}

/// Whether a dataset create made a new dataset or found an identical one.
public enum CreateOutcome: String, Hashable, Sendable {
    case created
    case exists
}
