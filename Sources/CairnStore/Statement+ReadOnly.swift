extension Statement {
    /// Whether the statement only reads. A read whose connection is lost mid-flight is sent again
    /// on a fresh connection; a write is not, since it may have committed before the loss.
    var isReadOnly: Bool {
        switch self {
        case .getMany, .artifactByID, .artifactByTag, .getDataset, .getReservation, .schemaVersion, .explain:
            true
        case .putMany, .createArtifact, .updateArtifact, .deleteArtifact, .evict, .addTag, .createDataset, .reserve,
            .lease,
            .release, .recordHits:
            false
        }
    }
}
