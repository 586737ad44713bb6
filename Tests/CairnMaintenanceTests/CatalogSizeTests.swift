import CairnCore
import CairnMaintenance
import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// `catalog_size`: the total the budget checks, kept by triggers, always equal to the sum over the
/// artifacts, folded or not.
@Suite struct CatalogSizeTests {
    static func size(_ url: String, fold: Bool) async throws -> CatalogSize {
        try await Blocking.run { try MaintenanceConnection(databaseURL: url).catalogSize(fold: fold) }
    }

    /// Checks both readings against a sum over the artifacts.
    static func expectExact(_ fixture: PurgeFixture, _ comment: Comment) async throws {
        let bytes = try await TestDatabase.scalar(fixture.url, "SELECT coalesce(sum(total_size), 0) FROM artifacts")
        let exact = CatalogSize(bytes: Int64(bytes ?? "") ?? -1, artifacts: Int64(try await fixture.count("artifacts")))
        #expect(try await size(fixture.url, fold: false) == exact, comment)
        #expect(try await size(fixture.url, fold: true) == exact, comment)
        #expect(try await fixture.count("catalog_size_changes") == 0, comment)
    }

    @Test func theSizeFollowsPutsOverwritesDeletesPurgesAndTruncation() async throws {
        try await PurgeFixture.with { fixture in
            try await Self.expectExact(fixture, "empty")
            let first = try await fixture.put("p/d/a/1", "t1", size: 100)
            try await fixture.put("p/d/a/1", "t2", size: 250)
            try await fixture.put("p/d/b/1", "t1", size: 40)
            // An existing tag: nothing written, nothing counted.
            try await fixture.put("p/d/a/1", "t1", size: 999)
            try await Self.expectExact(fixture, "after puts")
            #expect(try await Self.size(fixture.url, fold: false).artifacts == 3)
            _ = try await fixture.store.put(
                PurgeFixture.dataset("p/d/a/1"), try TagName("t1"),
                data: [try DataItem.inline("value", [UInt8](repeating: 1, count: 700))], overwrite: true)
            try await Self.expectExact(fixture, "after an overwrite in place")
            // Hits move last_hit_at and expires_at, not the size.
            try await TestDatabase.scalar(fixture.url, "UPDATE artifacts SET last_hit_at = now(), hit_count = 1")
            #expect(try await fixture.count("catalog_size_changes") == 0)
            #expect(try await fixture.store.deleteArtifact(first))
            try await Self.expectExact(fixture, "after a delete")
            var everything = PurgeSelection()
            everything.project = "p"
            try await fixture.put("p/d/c/1", "t1", size: 10)
            let purged = try await fixture.purge(everything)
            #expect(purged.deleted.count == 3)
            try await Self.expectExact(fixture, "after a purge")
            try await fixture.put("p/d/a/1", "t9", size: 5)
            try await TestDatabase.scalar(fixture.url, "DELETE FROM datasets")
            try await Self.expectExact(fixture, "after a cascade from datasets")
            try await fixture.put("p/d/a/1", "t9", size: 5)
            try await TestDatabase.scalar(fixture.url, "TRUNCATE artifacts CASCADE")
            try await Self.expectExact(fixture, "after a truncation")
        }
    }

    @Test func concurrentWritersAndFoldsLoseNoChange() async throws {
        try await PurgeFixture.with { fixture in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<4 {
                    group.addTask {
                        for index in 0..<60 {
                            try await fixture.put("p/d/w\(writer)/1", "t\(index)", size: 1 + index)
                        }
                    }
                }
                group.addTask {
                    for _ in 0..<30 { _ = try await Self.size(fixture.url, fold: true) }
                }
                try await group.waitForAll()
            }
            try await Self.expectExact(fixture, "after concurrent puts and folds")
            #expect(try await Self.size(fixture.url, fold: false).artifacts == 240)
        }
    }
}
