/// Checks `condition` every 20 ms until it holds or `timeout` has passed; returns whether it held.
/// For effects that arrive asynchronously (notifications, background work) within a bounded wait.
public func eventually(within timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows
    -> Bool
{
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(20))
    }
}
