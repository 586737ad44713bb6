import CairnCore
import Synchronization

/// Digests whose objects were seen recently, each for a fixed interval: a positive answer of
/// ``S3BlobStore/exists(_:)`` is reused within it rather than asking S3 on every hit.
final class ExistsCache: Sendable {
    private let interval: Duration
    private let seen = Mutex<[SHA256Digest: ContinuousClock.Instant]>([:])
    /// Entries kept at most; past it the whole cache is dropped (it only saves requests).
    private let capacity = 100_000

    init(interval: Duration) { self.interval = interval }

    func contains(_ digest: SHA256Digest) -> Bool {
        guard interval > .zero else { return false }
        let now = ContinuousClock.now
        return seen.withLock { entries in
            guard let until = entries[digest] else { return false }
            if until > now { return true }
            entries[digest] = nil
            return false
        }
    }

    func insert(_ digest: SHA256Digest) {
        guard interval > .zero else { return }
        let until = ContinuousClock.now + interval
        seen.withLock { entries in
            if entries.count >= capacity { entries.removeAll() }
            entries[digest] = until
        }
    }

    func remove(_ digest: SHA256Digest) {
        _ = seen.withLock { $0.removeValue(forKey: digest) }
    }
}
