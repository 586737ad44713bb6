import CairnFlyte
import Testing

extension FlyteGRPCServer {
    /// The port once the listener (running in another task) has bound, waiting up to 30 s.
    func awaitBoundPort() async throws -> Int {
        for _ in 0..<600 {
            if let port = boundPort { return port }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try #require(boundPort, "the listener did not bind within 30 s")
    }
}
