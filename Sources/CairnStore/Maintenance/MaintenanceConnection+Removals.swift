import CairnCore

extension MaintenanceConnection {
    /// Deletes the removal records (`cache_removals`) older than `keeping`; returns how many went.
    @discardableResult
    public func trimRemovals(keeping: Duration) throws -> Int64 {
        var bind = PGBind()
        bind.append(interval: keeping)
        return try query("SELECT cairn_trim_removals($1::interval)", bind).int64(0, 0)
    }
}

extension PurgeSelection {
    /// The cause a purge of this selection records for each key it removes: `expiry` for the
    /// expired-only selection the sweeper makes, `purge` for any other.
    var removalCause: String {
        var expiredOnly = PurgeSelection()
        expiredOnly.expired = true
        return self == expiredOnly ? "expiry" : "purge"
    }
}
