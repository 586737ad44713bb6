import Foundation

/// Runs blocking work (libpq outside the pool, child processes, joining threads) on a thread of
/// its own, so the Swift cooperative pool is never blocked.
public enum Blocking {
    @discardableResult
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
