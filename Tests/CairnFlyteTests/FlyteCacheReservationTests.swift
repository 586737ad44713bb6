import CairnCore
import CairnFlyteProtocol
import CairnTestSupport
import Foundation
import GRPCCore
import Testing

@testable import CairnFlyte

/// Flyte 2's reservations: acquire, extend, held by another, taken over once expired, released
/// (OK even when nothing is held), with the heartbeat capped by configuration.
@Suite struct FlyteCacheReservationTests {
    typealias R = CacheRequests

    @Test func acquireExtendHeldByAnotherAndRelease() async throws {
        try await withFlyteService { service, _ in
            let handler = FlyteCacheHandler(service: service)
            let first = try await handler.getOrExtendReservation(R.reserve("k", owner: "a", heartbeat: .seconds(5)))
            #expect(first.reservation.key == "k" && first.reservation.ownerID == "a")
            #expect(first.reservation.heartbeatInterval == .init(.seconds(5)))
            #expect(first.reservation.expiresAt.date > Date().addingTimeInterval(-3600))

            let extended = try await handler.getOrExtendReservation(R.reserve("k", owner: "a", heartbeat: .seconds(5)))
            #expect(extended.reservation.ownerID == "a")
            #expect(extended.reservation.expiresAt.date >= first.reservation.expiresAt.date)

            // Another owner gets the holder's reservation, and its own heartbeat (capped at 10 s).
            let held = try await handler.getOrExtendReservation(R.reserve("k", owner: "b", heartbeat: .seconds(3600)))
            #expect(held.reservation.ownerID == "a" && held.reservation.key == "k")
            #expect(held.reservation.heartbeatInterval == .init(.seconds(10)))
            #expect(held.reservation.expiresAt == extended.reservation.expiresAt)

            // Releasing what one does not hold is OK and changes nothing.
            _ = try await handler.releaseReservation(R.release("k", owner: "b"))
            #expect(try await handler.getOrExtendReservation(R.reserve("k", owner: "b")).reservation.ownerID == "a")

            _ = try await handler.releaseReservation(R.release("k", owner: "a"))
            #expect(try await handler.getOrExtendReservation(R.reserve("k", owner: "b")).reservation.ownerID == "b")
            _ = try await handler.releaseReservation(R.release("never-reserved", owner: "b"))
        }
    }

    @Test func aReservationIsGrantedWithoutLookingAtTheCache() async throws {
        try await withFlyteService { service, _ in
            let handler = FlyteCacheHandler(service: service)
            _ = try await handler.put(R.put("k", uri: "s3://b/o"))
            #expect(try await handler.getOrExtendReservation(R.reserve("k", owner: "a")).reservation.ownerID == "a")
        }
    }

    @Test func anExpiredReservationIsTakenOver() async throws {
        var configuration = FlyteConfiguration()
        configuration.maxHeartbeatInterval = .milliseconds(300)
        try await withFlyteService { service, _ in
            let handler = FlyteCacheHandler(service: service, configuration: configuration)
            let first = try await handler.getOrExtendReservation(R.reserve("k", owner: "a"))
            #expect(first.reservation.ownerID == "a")
            #expect(first.reservation.heartbeatInterval == .init(.milliseconds(300)))
            // The lease (3 heartbeats, at least the store's 1 s) lapses; then b takes it.
            let takenOver = try await eventually(within: .seconds(30)) {
                try await handler.getOrExtendReservation(R.reserve("k", owner: "b")).reservation.ownerID == "b"
            }
            #expect(takenOver)
            #expect(try await handler.getOrExtendReservation(R.reserve("k", owner: "a")).reservation.ownerID == "b")
        }
    }

    @Test func anOwnerIsRequired() async throws {
        try await withFlyteService { service, _ in
            let handler = FlyteCacheHandler(service: service)
            for call in [
                { _ = try await handler.getOrExtendReservation(R.reserve("k", owner: "")) },
                { _ = try await handler.releaseReservation(R.release("k", owner: "")) },
                { _ = try await handler.releaseReservation(R.release("k", owner: "with space")) },
            ] as [() async throws -> Void] {
                do {
                    try await call()
                    Issue.record("no error")
                } catch let error as RPCError {
                    #expect(error.code == .invalidArgument && error.message.hasPrefix("owner_id:"), "\(error)")
                }
            }
            var request = R.reserve("k", owner: "a")
            request.heartbeatInterval = .init(seconds: -1, nanos: 5)
            #expect(await statusCode { try await handler.getOrExtendReservation(request) } == .invalidArgument)
        }
    }
}
