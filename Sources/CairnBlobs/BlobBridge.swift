import Foundation
import Synchronization

/// Calls an async blob store operation from synchronous code that runs on a thread of its own
/// (the maintenance connection's loops, the engine's blocking sections), waiting for the result.
/// Never call it on an event loop or the cooperative pool: it blocks the calling thread.
public enum BlobBridge {
    /// Runs `operation` in a task and blocks this thread until it returns or throws.
    public static func wait<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await operation()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        return try result.withLock { $0! }.get()
    }
}
