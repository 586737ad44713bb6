import CairnCore
import CairnProtocol
import Foundation

/// Operator commands (admin role).
extension CairnClient {
    /// `ADMIN.PURGE`: deletes what `selection` picks (or with `dryRun`, reports what it would), in
    /// batches of `batchSize` (the server's setting when `nil`). A large purge takes a while: give
    /// the client a ``Configuration/requestTimeout`` to match.
    public func purge(_ selection: PurgeSelection, dryRun: Bool = false, batchSize: Int? = nil) async throws
        -> PurgeSummary
    {
        try await send(AdminPurge(selection: selection, dryRun: dryRun, batchSize: batchSize))
    }
}
