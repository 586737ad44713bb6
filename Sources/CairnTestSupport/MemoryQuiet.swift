/// Keeps tests that allocate a lot (the engine's 1,000-node workflows) apart from a test that
/// measures the process's resident memory: tests share one process, so the measurement would
/// count their allocations too. Heavy tests run ``heavy(_:)`` (any number at once); the measuring
/// test runs ``measuring(_:)``, which waits until none is running and keeps new ones waiting.
public actor MemoryQuiet {
    public static let shared = MemoryQuiet()

    private var heavyRunning = 0
    private var measuring = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` as a heavy allocator.
    public func heavy<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        while measuring { await wait() }
        heavyRunning += 1
        defer {
            heavyRunning -= 1
            wake()
        }
        return try await body()
    }

    /// Runs `body` with no heavy allocator running.
    public func measuring<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        while measuring || heavyRunning > 0 { await wait() }
        measuring = true
        defer {
            measuring = false
            wake()
        }
        return try await body()
    }

    private func wait() async {
        await withCheckedContinuation { waiters.append($0) }
    }

    private func wake() {
        let woken = waiters
        waiters = []
        woken.forEach { $0.resume() }
    }
}
