import CairnClient
import CairnCore
import Synchronization

/// The engine's way to the catalog. After a call fails because the catalog cannot be reached,
/// calls fail at once for ``pause`` instead of each waiting on a dead connection,
/// so an outage costs the workflow one timeout, not one per node.
final class CatalogGate: Sendable {
    let client: CairnClient?
    let pause: Duration
    private let closedUntil = Mutex<ContinuousClock.Instant?>(nil)

    /// `client` `nil`: no catalog; every call fails as unreachable.
    init(client: CairnClient?, pause: Duration = .seconds(2)) {
        self.client = client
        self.pause = pause
    }

    /// Runs `call` unless the catalog was found unreachable within ``pause``.
    func call<T: Sendable>(_ call: (CairnClient) async throws -> T) async throws -> T {
        guard let client else { throw EngineError(.io, "no catalog is configured") }
        if let until = closedUntil.withLock({ $0 }), ContinuousClock.now < until {
            throw EngineError(.io, "the catalog was unreachable moments ago")
        }
        do {
            return try await call(client)
        } catch let error as CairnClientError where Self.isUnreachable(error) {
            closedUntil.withLock { $0 = ContinuousClock.now.advanced(by: pause) }
            throw error
        }
    }

    static func isUnreachable(_ error: CairnClientError) -> Bool {
        switch error.code {
        case .connectFailed, .connectionClosed, .timedOut, .clientClosed: true
        default: error.prefix == .unavailable
        }
    }
}
