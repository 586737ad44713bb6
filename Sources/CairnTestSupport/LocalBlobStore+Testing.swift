import CairnBlobs
import CairnCore

extension LocalBlobStore {
    /// ``LocalBlobStore/put(_:)``, which does its fsync on the blob threads (kept for the tests
    /// written when puts were synchronous).
    public func putOnThread(_ bytes: [UInt8]) async throws -> BlobReference {
        try await put(bytes)
    }
}
