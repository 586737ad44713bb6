import CairnCore
import CairnMaintenance
import CairnStore
import CairnTestSupport
import Foundation
import Testing

@Suite struct ExpirySweeperTests {
    @Test func expiredArtifactsDisappearWithinTwoSweepIntervals() async throws {
        try await PurgeFixture.with { fixture in
            let blob = try await fixture.blobs.putOnThread(Array("expires with its artifact".utf8))
            let short = try await fixture.put("p1/dev/train/v1", "short", blobs: [blob], ttl: .seconds(1))
            let long = try await fixture.put("p1/dev/train/v1", "long", ttl: .seconds(3600))
            let forever = try await fixture.put("p1/dev/train/v1", "forever")
            let expiresAt = Date().addingTimeInterval(1)
            var configuration = ExpirySweeper.Configuration()
            configuration.interval = .seconds(2)
            configuration.collector.grace = .zero
            let sweeper = ExpirySweeper(
                databaseURL: fixture.url, blobStore: fixture.blobs, configuration: configuration)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await sweeper.run() }
                defer { group.cancelAll() }
                while try await fixture.ids().contains(short) {
                    #expect(Date() < expiresAt.addingTimeInterval(10), "still there 10 s after it expired")
                    if Date() > expiresAt.addingTimeInterval(10) { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                let gone = Date()
                // Two intervals after expiry, with room for the sweep itself while the whole suite
                // loads the machine (5.7 s was seen on a clean clone's run).
                #expect(gone.timeIntervalSince(expiresAt) <= 2 * 2 + 3)
            }
            #expect(try await fixture.ids() == [long, forever])
            #expect(try await fixture.blobs.object(blob.sha256) == nil)
        }
    }

    @Test func ofTwoSweepersOnOneDatabaseOneSweepsAtATime() async throws {
        try await PurgeFixture.with { fixture in
            let id = try await fixture.put("p1/dev/train/v1", "old", ttl: .seconds(1))
            try await fixture.age(id, "expires_at", secondsAgo: 10)
            let sweeper = ExpirySweeper(databaseURL: fixture.url, blobStore: nil)
            let url = fixture.url
            let (held, free) = try await Blocking.run { () throws -> (PurgeSummary?, PurgeSummary?) in
                var other: MaintenanceConnection? = try MaintenanceConnection(databaseURL: url)
                guard try other!.tryAdvisoryLock(0x6361_6972_6E65_7870) else { return (nil, nil) }
                let held = try sweeper.sweepBlocking()
                other = nil
                return (held, try sweeper.sweepBlocking())
            }
            #expect(held == nil)
            #expect(free?.artifacts == 1)
            #expect(try await fixture.ids().isEmpty)
        }
    }
}
