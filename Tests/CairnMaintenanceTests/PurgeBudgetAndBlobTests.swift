import CairnBlobs
import CairnCore
import CairnMaintenance
import CairnStore
import CairnTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct PurgeBudgetAndBlobTests {
    @Test func aBudgetEvictsTheLeastRecentlyHitFirstUntilTheScopeFits() async throws {
        try await PurgeFixture.with { fixture in
            // Five artifacts of 100 bytes hit 5, 4, 3, 2 and 1 hours ago; one never hit, created 30
            // minutes ago (it counts from creation); one in another project, hit long ago.
            var byAge: [ArtifactID] = []
            for hours in [5, 4, 3, 2, 1] {
                let id = try await fixture.put("p1/dev/train/v1", "h\(hours)")
                try await fixture.age(id, "last_hit_at", secondsAgo: hours * 3600)
                byAge.append(id)
            }
            let fresh = try await fixture.put("p1/dev/train/v1", "fresh")
            try await fixture.age(fresh, "created_at", secondsAgo: 1800)
            let other = try await fixture.put("p2/dev/train/v1", "other")
            try await fixture.age(other, "last_hit_at", secondsAgo: 86_400)
            var selection = PurgeSelection()
            selection.project = "p1"
            selection.maxTotalSize = 250
            let dry = try await fixture.purge(selection, dryRun: true).summary
            #expect(dry.artifacts == 4)
            // Kept: fresh (30 min) and the one hit an hour ago, 200 bytes; a third would be 300.
            let (summary, deleted) = try await fixture.purge(selection)
            #expect(deleted == Set(byAge[0..<4]))
            #expect(summary.artifacts == 4 && summary.inlineBytes == 400)
            #expect(try await fixture.ids() == [byAge[4], fresh, other])
            // Within budget already: nothing more goes.
            #expect(try await fixture.purge(selection).deleted.isEmpty)
            selection.maxTotalSize = 0
            #expect(try await fixture.purge(selection).deleted == [byAge[4], fresh])
        }
    }

    @Test func blobObjectsGoOnlyWhenNoArtifactReferencesTheirDigest() async throws {
        try await PurgeFixture.with { fixture in
            let shared = try await fixture.blobs.putOnThread(Array("shared content".utf8))
            let own = try await fixture.blobs.putOnThread(Array("own content".utf8))
            let a = try await fixture.put("p1/dev/train/v1", "a", blobs: [shared])
            try await fixture.put("p1/dev/keep/v1", "b", blobs: [shared])
            let c = try await fixture.put("p1/dev/train/v1", "c", blobs: [own])
            var selection = PurgeSelection()
            selection.dataset = PurgeFixture.dataset("p1/dev/train/v1")
            let (summary, deleted) = try await fixture.purge(selection)
            #expect(deleted == [a, c])
            #expect(summary.blobObjects == 1 && summary.blobBytes == own.size)
            #expect(summary.blobsDeleted == 1 && summary.blobsDeferred == 0)
            #expect(try await fixture.blobs.object(own.sha256) == nil)
            #expect(try await fixture.blobs.object(shared.sha256) != nil)
            // The shared digest's queue entry was settled (still referenced), so the queue is empty.
            #expect(try await fixture.count("blob_deletions") == 0)
            var rest = PurgeSelection()
            rest.all = true
            let last = try await fixture.purge(rest).summary
            #expect(last.blobsDeleted == 1)
            #expect(try await fixture.blobs.object(shared.sha256) == nil)
            #expect(try await fixture.count("blob_deletions") == 0)
        }
    }

    @Test func recentlyWrittenObjectsStayQueuedUntilTheGracePeriodHasPassed() async throws {
        try await PurgeFixture.with { fixture in
            let blob = try await fixture.blobs.putOnThread(Array("written a moment ago".utf8))
            try await fixture.put("p1/dev/train/v1", "a", blobs: [blob])
            var selection = PurgeSelection()
            selection.all = true
            let summary = try await fixture.purge(selection, grace: .seconds(900)).summary
            #expect(summary.artifacts == 1 && summary.blobsDeleted == 0 && summary.blobsDeferred == 1)
            #expect(try await fixture.blobs.object(blob.sha256) != nil)
            #expect(try await fixture.count("blob_deletions") == 1)
            // Reuse by a writer refreshes the object's time; an old object is collected.
            let path = fixture.blobs.path(of: blob.sha256)
            var times = [timeval(tv_sec: time(nil) - 3600, tv_usec: 0), timeval(tv_sec: time(nil) - 3600, tv_usec: 0)]
            #expect(utimes(path, &times) == 0)
            _ = try await fixture.blobs.putOnThread(Array("written a moment ago".utf8))
            var collection = BlobCollector.Configuration()
            collection.grace = .seconds(900)
            let url = fixture.url
            let collector = BlobCollector(store: fixture.blobs, configuration: collection)
            let fresh = try await Blocking.run {
                try collector.collect(on: try MaintenanceConnection(databaseURL: url))
            }
            #expect(fresh.deferred == 1 && fresh.deleted == 0)
            #expect(utimes(path, &times) == 0)
            let old = try await Blocking.run { try collector.collect(on: try MaintenanceConnection(databaseURL: url)) }
            #expect(old.deleted == 1 && old.deferred == 0)
            #expect(try await fixture.blobs.object(blob.sha256) == nil)
            #expect(try await fixture.count("blob_deletions") == 0)
        }
    }

    @Test func foreignAndMissingObjectsAreSettledWithoutDeletingAnything() async throws {
        try await PurgeFixture.with { fixture in
            let elsewhere = "/tmp/cairn-foreign-" + UUID().uuidString.prefix(8).lowercased()
            try Data("not ours".utf8).write(to: URL(fileURLWithPath: elsewhere))
            defer { try? FileManager.default.removeItem(atPath: elsewhere) }
            let foreign = try BlobReference(
                uri: "file://" + elsewhere, size: 8, sha256: SHA256Digest.of(Array("not ours".utf8)))
            let gone = try await fixture.blobs.putOnThread(Array("deleted behind our back".utf8))
            try await fixture.put("p1/dev/train/v1", "a", blobs: [foreign, gone])
            try await fixture.blobs.delete(gone.sha256)
            var selection = PurgeSelection()
            selection.all = true
            let summary = try await fixture.purge(selection).summary
            #expect(summary.artifacts == 1 && summary.blobsDeleted == 0 && summary.blobsDeferred == 0)
            #expect(FileManager.default.fileExists(atPath: elsewhere))
            #expect(try await fixture.count("blob_deletions") == 0)
        }
    }
}
