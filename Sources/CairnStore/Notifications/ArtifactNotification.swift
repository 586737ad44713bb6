import CairnCore

/// The payload of a `cairn_artifacts` notification: the ids of artifacts that changed or went,
/// separated by commas (up to 200; see `cairn_notify_artifacts` in migration 3).
struct ArtifactNotification: Equatable {
    /// The channel every path that changes or deletes an artifact notifies.
    static let channel = "cairn_artifacts"

    /// The ids, in payload order.
    var artifacts: [ArtifactID] = []
    /// Parts that are not artifact ids (a payload someone else sent on the channel), for the log.
    var malformed: [Substring] = []

    /// Reads a payload. A malformed part does not spoil the others: each well-formed id is kept.
    init(payload: String) {
        for part in payload.split(separator: ",", omittingEmptySubsequences: false) {
            if let id = try? ArtifactID(parsing: String(part)) {
                artifacts.append(id)
            } else {
                malformed.append(part)
            }
        }
    }
}
