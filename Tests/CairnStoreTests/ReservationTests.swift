import CairnCore
import CairnTestSupport
import Foundation
import Testing

@testable import CairnStore

@Suite struct ReservationTests {
    func acquired(_ outcome: ReservationOutcome, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> Reservation
    {
        guard case .acquired(let reservation) = outcome else {
            Issue.record("expected acquired, got \(outcome)", sourceLocation: sourceLocation)
            throw CairnError(.internalError, "not acquired")
        }
        return reservation
    }

    @Test func theOwnerExtendsItsLeaseKeepingTheTokenAndOthersSeeTheHolder() async throws {
        try await TestDatabase.withStore { store, _ in
            let (ds, t) = (try dataset(), try tag("h"))
            let first = try acquired(try await store.reserve(ds, t, owner: "engine-a", lease: .seconds(30)))
            #expect(first.owner == "engine-a")
            #expect(first.expiresAt.timeIntervalSinceNow > 25)
            let extended = try acquired(try await store.reserve(ds, t, owner: "engine-a", lease: .seconds(60)))
            #expect(extended.fencingToken == first.fencingToken)
            #expect(extended.expiresAt > first.expiresAt)
            guard case .held(let holder) = try await store.reserve(ds, t, owner: "engine-b") else {
                Issue.record("engine-b should see the reservation held")
                return
            }
            #expect(holder.owner == "engine-a")
            #expect(holder.fencingToken == first.fencingToken)
        }
    }

    @Test func fiftyConcurrentReservationsHaveExactlyOneWinner() async throws {
        try await TestDatabase.withStore { store, _ in
            let (ds, t) = (try dataset(), try tag("contended"))
            let outcomes = try await withThrowingTaskGroup(of: ReservationOutcome.self) { group in
                for owner in 0..<50 { group.addTask { try await store.reserve(ds, t, owner: "owner-\(owner)") } }
                return try await group.reduce(into: [ReservationOutcome]()) { $0.append($1) }
            }
            var winners: [Reservation] = []
            var held: [Reservation] = []
            for outcome in outcomes {
                switch outcome {
                case .acquired(let reservation): winners.append(reservation)
                case .held(let reservation): held.append(reservation)
                case .cached: Issue.record("nothing was cached")
                }
            }
            #expect(winners.count == 1)
            #expect(held.count == 49)
            let winner = try #require(winners.first)
            #expect(held.allSatisfy { $0.owner == winner.owner && $0.fencingToken == winner.fencingToken })
        }
    }

    @Test func afterLeaseExpiryANewOwnerTakesOverAndTheStaleHolderIsFenced() async throws {
        try await TestDatabase.withStore({ $0.minLease = .milliseconds(200) }) { store, url in
            let (ds, t) = (try dataset(), try tag("h"))
            let stale = try acquired(try await store.reserve(ds, t, owner: "slow", lease: .milliseconds(300)))
            try await Task.sleep(for: .milliseconds(500))
            let fresh = try acquired(try await store.reserve(ds, t, owner: "fast", lease: .seconds(30)))
            #expect(fresh.fencingToken > stale.fencingToken)
            let error = await expectCairnError(.fencingRejected) {
                try await store.put(ds, t, data: [try item("o0", "late")], fencingToken: stale.fencingToken)
            }
            #expect(error?.message.contains("\(fresh.fencingToken)") == true)
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifacts") == 0)
            let put = try await store.put(ds, t, data: [try item("o0", "on time")], fencingToken: fresh.fencingToken)
            #expect(put.outcome == .created)
            #expect(try await store.release(ds, t, owner: "slow") == false)
            #expect(try await store.release(ds, t, owner: "fast"))
            #expect(try await store.reservation(ds, t) == nil)
        }
    }

    @Test func aCachedTagIsReportedInsteadOfReserved() async throws {
        try await TestDatabase.withStore { store, _ in
            let (ds, t) = (try dataset(), try tag("h"))
            let put = try await store.put(ds, t, data: [try item("o0", "v")])
            #expect(try await store.reserve(ds, t, owner: "a") == .cached(put.artifactID))
            #expect(try await store.reservation(ds, t) == nil)
        }
    }

    @Test func releaseLetsTheNextOwnerInWithAHigherToken() async throws {
        try await TestDatabase.withStore { store, _ in
            let (ds, t) = (try dataset(), try tag("h"))
            let first = try acquired(try await store.reserve(ds, t, owner: "a"))
            #expect(try await store.release(ds, t, owner: "b") == false)
            #expect(try await store.release(ds, t, owner: "a"))
            #expect(try await store.release(ds, t, owner: "a") == false)
            let second = try acquired(try await store.reserve(ds, t, owner: "b"))
            #expect(second.fencingToken > first.fencingToken)
        }
    }

    @Test func leasesDefaultAndClampToTheConfiguredRange() async throws {
        try await TestDatabase.withStore({
            $0.defaultLease = .seconds(45)
            $0.maxLease = .seconds(120)
            $0.minLease = .seconds(2)
        }) { store, _ in
            #expect(try store.effectiveLease(nil) == .seconds(45))
            #expect(try store.effectiveLease(.zero) == .seconds(45))
            #expect(try store.effectiveLease(.milliseconds(10)) == .seconds(2))
            #expect(try store.effectiveLease(.seconds(86_400)) == .seconds(120))
            let negative = #expect(throws: CairnError.self) { try store.effectiveLease(.seconds(-5)) }
            #expect(negative?.code == .invalidArgument)
            await #expect(throws: CairnError.self) {
                try await store.reserve(try dataset(), try tag("n"), owner: "a", lease: .milliseconds(-5))
            }
            let long = try acquired(
                try await store.reserve(try dataset(), try tag("h"), owner: "a", lease: .seconds(86_400)))
            #expect(long.expiresAt.timeIntervalSinceNow < 125)
            #expect(long.expiresAt.timeIntervalSinceNow > 110)
        }
    }

    @Test func ownersAreValidated() async throws {
        try await TestDatabase.withStore { store, _ in
            let error = await expectCairnError(.invalidArgument) {
                try await store.reserve(try dataset(), try tag("h"), owner: "has space")
            }
            #expect(error?.field == "owner")
            await expectCairnError(.invalidArgument) { try await store.release(try dataset(), try tag("h"), owner: "") }
        }
    }
}
