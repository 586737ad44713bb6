import CairnBlobs
import CairnCore
import CairnStore

extension LocalBlobStore {
    /// ``LocalBlobStore/put(_:)`` on a thread of its own. Its fsync can wait seconds on a machine
    /// busy with a whole suite, too long to hold one of the few cooperative threads all tests share.
    public func putOnThread(_ bytes: [UInt8]) async throws -> BlobReference {
        let store = self
        return try await Blocking.run { try store.put(bytes) }
    }
}
