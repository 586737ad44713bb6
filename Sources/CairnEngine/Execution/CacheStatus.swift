/// What the catalog did for a node: every node ends with one (DESIGN section 4).
public enum CacheStatus: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// The task's cache is off: the node ran without asking the catalog.
    case disabled = 1
    /// Not in the catalog; the node ran (and did not produce a result to store).
    case miss = 2
    /// Taken from the catalog; the task did not run.
    case hit = 3
    /// Not in the catalog; the node ran and its result was stored.
    case populated = 4
    /// The catalog could not be asked; the node ran anyway.
    case lookupFailure = 5
    /// The node ran but storing its result failed.
    case putFailure = 6
    /// `--overwrite-cache`: the lookup was skipped, the node ran and its result replaced the stored one.
    case skipped = 7

    public var description: String {
        switch self {
        case .disabled: "DISABLED"
        case .miss: "MISS"
        case .hit: "HIT"
        case .populated: "POPULATED"
        case .lookupFailure: "LOOKUP_FAILURE"
        case .putFailure: "PUT_FAILURE"
        case .skipped: "SKIPPED"
        }
    }
}
