import CairnCore
import CairnMaintenance
import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// Each selector alone and in combination deletes exactly the artifacts it names.
@Suite struct PurgeSelectorTests {
    /// Six artifacts: a/b in p1/dev/train/v1, c in p1/dev/train/v2, d in p1/prod/eval/v1, e in
    /// p2/dev/train/v1 and f in p2/dev/trainer/v1; tag `shared` on b, d and f.
    struct Six {
        var a, b, c, d, e, f: ArtifactID
    }

    static func six(_ fixture: PurgeFixture) async throws -> Six {
        let six = Six(
            a: try await fixture.put("p1/dev/train/v1", "a"), b: try await fixture.put("p1/dev/train/v1", "shared"),
            c: try await fixture.put("p1/dev/train/v2", "c"), d: try await fixture.put("p1/prod/eval/v1", "shared"),
            e: try await fixture.put("p2/dev/train/v1", "e"), f: try await fixture.put("p2/dev/trainer/v1", "shared"))
        // Ages: a is 10 days old and never hit, b 5 days old and hit 3 days ago, c 1 hour old and
        // expired, the rest fresh.
        try await fixture.age(six.a, "created_at", secondsAgo: 864_000)
        try await fixture.age(six.b, "created_at", secondsAgo: 432_000)
        try await fixture.age(six.b, "last_hit_at", secondsAgo: 259_200)
        try await fixture.age(six.c, "created_at", secondsAgo: 3600)
        try await fixture.age(six.c, "expires_at", secondsAgo: 60)
        return six
    }

    static func selection(_ configure: (inout PurgeSelection) throws -> Void) rethrows -> PurgeSelection {
        var selection = PurgeSelection()
        try configure(&selection)
        return selection
    }

    @Test func eachSelectorAloneDeletesExactlyWhatItNames() async throws {
        let cases: [(String, PurgeSelection, (Six) -> Set<ArtifactID>)] = [
            ("dataset", Self.selection { $0.dataset = PurgeFixture.dataset("p1/dev/train/v1") }, { [$0.a, $0.b] }),
            ("project", Self.selection { $0.project = "p2" }, { [$0.e, $0.f] }),
            ("domain", Self.selection { $0.domain = "prod" }, { [$0.d] }),
            ("name prefix", Self.selection { $0.namePrefix = "train" }, { [$0.a, $0.b, $0.c, $0.e, $0.f] }),
            ("tag", try Self.selection { $0.tag = try TagName("shared") }, { [$0.b, $0.d, $0.f] }),
            ("created before", Self.selection { $0.createdBefore = .ago(.seconds(86_400)) }, { [$0.a, $0.b] }),
            ("not hit since", Self.selection { $0.notHitSince = .ago(.seconds(345_600)) }, { [$0.a] }),
            ("expired", Self.selection { $0.expired = true }, { [$0.c] }),
            (
                "created before (timestamp)",
                Self.selection { $0.createdBefore = .at(Date().addingTimeInterval(-600_000)) }, { [$0.a] }
            ),
        ]
        for (name, selection, expected) in cases {
            try await PurgeFixture.with { fixture in
                let six = try await Self.six(fixture)
                let (summary, deleted) = try await fixture.purge(selection)
                #expect(deleted == expected(six), "\(name)")
                #expect(summary.artifacts == Int64(expected(six).count), "\(name)")
                #expect(try await fixture.count("artifacts") == 6 - expected(six).count, "\(name)")
            }
        }
    }

    @Test func selectorsCombineWithAnd() async throws {
        try await PurgeFixture.with { fixture in
            let six = try await Self.six(fixture)
            var selection = PurgeSelection()
            selection.project = "p1"
            selection.tag = try TagName("shared")
            selection.createdBefore = .ago(.seconds(3600 * 24))
            #expect(try await fixture.purge(selection).deleted == [six.b])
            var artifacts = PurgeSelection()
            artifacts.artifacts = [six.a, six.e, six.d]
            artifacts.domain = "dev"
            #expect(try await fixture.purge(artifacts).deleted == [six.a, six.e])
            var prefix = PurgeSelection()
            prefix.namePrefix = "traine"
            prefix.project = "p2"
            #expect(try await fixture.purge(prefix).deleted == [six.f])
            #expect(try await fixture.ids() == [six.c, six.d])
        }
    }

    @Test func aDryRunReportsWhatWouldGoAndChangesNothing() async throws {
        try await PurgeFixture.with { fixture in
            let one = try await fixture.blobs.putOnThread(Array("first blob".utf8))
            let two = try await fixture.blobs.putOnThread(Array("second, longer blob".utf8))
            try await fixture.put("p1/dev/train/v1", "a", size: 100, blobs: [one])
            try await fixture.put("p1/dev/train/v1", "b", size: 50, blobs: [one, two])
            try await fixture.put("p1/dev/keep/v1", "c", size: 7, blobs: [two])
            var selection = PurgeSelection()
            selection.dataset = PurgeFixture.dataset("p1/dev/train/v1")
            let tables = ["artifacts", "artifact_data", "artifact_blobs", "tags", "blob_deletions", "datasets"]
            var before: [Int] = []
            for table in tables { before.append(try await fixture.count(table)) }
            let (summary, deleted) = try await fixture.purge(selection, dryRun: true)
            #expect(deleted.isEmpty)
            #expect(summary.dryRun)
            #expect(summary.artifacts == 2)
            #expect(summary.inlineBytes == 150)
            // `one` goes with them; `two` stays, referenced by c.
            #expect(summary.blobObjects == 1)
            #expect(summary.blobBytes == one.size)
            var after: [Int] = []
            for table in tables { after.append(try await fixture.count(table)) }
            #expect(after == before)
            #expect(try await fixture.blobs.object(one.sha256) != nil)
            #expect(try await fixture.blobs.object(two.sha256) != nil)
        }
    }

    @Test func anEmptyOrContradictorySelectionIsRefused() async throws {
        try await PurgeFixture.with { fixture in
            try await fixture.put("p1/dev/train/v1", "a")
            await #expect(throws: CairnError.self) { try await fixture.purge(PurgeSelection()) }
            var both = PurgeSelection()
            both.dataset = PurgeFixture.dataset("p1/dev/train/v1")
            both.project = "p1"
            await #expect(throws: CairnError.self) { try await fixture.purge(both) }
            #expect(try await fixture.count("artifacts") == 1)
            var all = PurgeSelection()
            all.all = true
            #expect(try await fixture.purge(all).summary.artifacts == 1)
        }
    }
}
