/// Runs `body`, then `cleanup` whether `body` returned or threw: a `defer` that may `await`.
/// `body`'s error, if any, is rethrown after the cleanup.
public func withCleanup<T>(_ body: () async throws -> T, cleanup: () async -> Void) async throws -> T {
    let outcome: Result<T, any Error>
    do { outcome = .success(try await body()) } catch { outcome = .failure(error) }
    await cleanup()
    return try outcome.get()
}
