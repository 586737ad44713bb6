import CairnCore
import CairnMaintenance
import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// `CACHE.EXPLAIN`'s answers against a real catalog, one cause each: the nearest earlier result and
/// how it differs (inputs named with previews, cache version, interface, project), the key's own
/// history (expired, purged, swept by expiry, evicted, deleted), and never seen.
@Suite struct ExplainTests {
    static let data = [try! DataItem.inline("o0", Array("v".utf8))]

    static func input(_ name: String, _ value: Int64) -> InputDigest {
        let literal = Literal.int(value)
        return InputDigest(name: name, digest: literal.contentDigest, preview: literal.preview)
    }

    /// Puts an artifact under the key of `inputs` (its tag: their digest) with them recorded.
    @discardableResult
    static func put(
        _ store: CairnStore, _ dataset: String, _ inputs: [InputDigest], ttl: Duration? = nil
    ) async throws -> PutResult {
        try await store.put(
            PurgeFixture.dataset(dataset), tag(inputs), data: data, ttl: ttl, inputs: inputs)
    }

    static func tag(_ inputs: [InputDigest]) throws -> TagName {
        try TagName(
            SHA256Digest.of(Array(inputs.map { $0.name + "=" + $0.digest.hex }.joined(separator: ",").utf8)).hex)
    }

    static func explain(_ store: CairnStore, _ dataset: String, _ inputs: [InputDigest]) async throws
        -> CacheExplanation
    {
        try await store.explain(PurgeFixture.dataset(dataset), tag(inputs), inputs: inputs)
    }

    @Test func aChangedInputIsNamedWithTheOldAndNewValues() async throws {
        try await PurgeFixture.with { fixture in
            let task = "p/dev/task-add/1-0123456789abcdef"
            try await Self.put(fixture.store, task, [Self.input("a", 1), Self.input("b", 2)])
            let nearest = try await Self.put(fixture.store, task, [Self.input("a", 1), Self.input("b", 3)])
            // Shares a with both; b = 3 is the most recent, and both share one input.
            let explanation = try await Self.explain(fixture.store, task, [Self.input("a", 1), Self.input("b", 4)])
            #expect(explanation.cause == .differs)
            #expect(explanation.nearest?.artifact == nearest.artifactID && explanation.nearest?.sharedInputs == 1)
            #expect(
                explanation.differences == [
                    .init(
                        kind: "input_changed", name: "b", old: Literal.int(3).contentDigest.hex,
                        new: Literal.int(4).contentDigest.hex, oldPreview: "3", newPreview: "4")
                ])
            #expect(explanation.summary.contains("input b changed: 3 → 4"))
            // The one sharing more inputs wins over a more recent one sharing fewer.
            let best = try await Self.put(fixture.store, task, [Self.input("a", 7), Self.input("b", 4)])
            try await Self.put(fixture.store, task, [Self.input("a", 8), Self.input("b", 9)])
            let again = try await Self.explain(fixture.store, task, [Self.input("a", 7), Self.input("b", 5)])
            #expect(again.nearest?.artifact == best.artifactID && again.nearest?.sharedInputs == 1)
            let two = try await Self.explain(
                fixture.store, task, [Self.input("a", 1), Self.input("b", 2), Self.input("c", 0)])
            #expect(two.nearest?.sharedInputs == 2)
            #expect(two.differences.map(\.kind) == ["input_added"] && two.differences.first?.name == "c")
        }
    }

    @Test func aChangedCacheVersionInterfaceOrProjectIsSaid() async throws {
        try await PurgeFixture.with { fixture in
            let inputs = [Self.input("a", 1)]
            try await Self.put(fixture.store, "p/dev/task-add/1-0123456789abcdef", inputs)
            let version = try await Self.explain(fixture.store, "p/dev/task-add/2-0123456789abcdef", inputs)
            #expect(version.cause == .differs && version.nearest?.sharedInputs == 1)
            #expect(version.differences == [.init(kind: "cache_version", old: "1", new: "2")])
            let interface = try await Self.explain(fixture.store, "p/dev/task-add/1-fedcba9876543210", inputs)
            #expect(interface.differences.map(\.kind) == ["interface"])
            let project = try await Self.explain(fixture.store, "q/prod/task-add/1-0123456789abcdef", inputs)
            #expect(project.differences.map(\.kind) == ["project", "domain"])
            #expect(project.differences.first?.old == "p" && project.differences.first?.new == "q")
        }
    }

    @Test func anInterfaceDifferenceNamesWhatChangedWhenTheNearestRecordsItsInterface() {
        var explanation = CacheExplanation(
            cause: .differs,
            nearest: .init(
                dataset: PurgeFixture.dataset("p/dev/t/1-0123456789abcdef"), artifact: .random(), createdAt: Date(),
                sharedInputs: 1,
                metadata: ["cairn.interface": #"{"inputs":{"a":"int","b":"string"},"outputs":{"o":"int"}}"#]),
            differences: [
                .init(kind: "interface", old: "0123456789abcdef", new: "fedcba9876543210"),
                .init(kind: "input_removed", name: "b", old: "00"),
            ])
        explanation.detailInterface(current: #"{"inputs":{"a":"float"},"outputs":{"o":"int","p":"bool"}}"#)
        #expect(
            explanation.differences.map { "\($0.kind) \($0.name ?? "")" } == [
                "input_retyped a", "output_added p", "input_removed b",
            ])
        #expect(explanation.differences[0].text == "input a retyped: int → float")
    }

    @Test func anExpiredEntryStillStoredSaysWhenItExpired() async throws {
        try await PurgeFixture.with { fixture in
            let task = "p/dev/task-x/1-0123456789abcdef"
            let inputs = [Self.input("a", 1)]
            let put = try await Self.put(fixture.store, task, inputs, ttl: .seconds(3600))
            try await fixture.age(put.artifactID, "expires_at", secondsAgo: 5)
            let explanation = try await Self.explain(fixture.store, task, inputs)
            #expect(explanation.cause == .expired && explanation.artifact == put.artifactID)
            #expect(explanation.expiresAt.map { $0 < Date() } == true)
            #expect(explanation.summary.hasPrefix("expired at "))
        }
    }

    @Test func aRemovedEntrySaysWhenAndByWhat() async throws {
        try await PurgeFixture.with { fixture in
            let task = "p/dev/task-x/1-0123456789abcdef"
            let ds = PurgeFixture.dataset(task)
            let swept = [Self.input("a", 1)]
            let purged = [Self.input("a", 2)]
            let evicted = [Self.input("a", 3)]
            let deleted = [Self.input("a", 4)]
            let sweptPut = try await Self.put(fixture.store, task, swept, ttl: .seconds(3600))
            try await fixture.age(sweptPut.artifactID, "expires_at", secondsAgo: 5)
            let purgedPut = try await Self.put(fixture.store, task, purged)
            try await Self.put(fixture.store, task, evicted)
            let deletedPut = try await Self.put(fixture.store, task, deleted)

            let before = Date().addingTimeInterval(-1)
            var configuration = ExpirySweeper.Configuration()
            configuration.collector.grace = .zero
            _ = try await ExpirySweeper(databaseURL: fixture.url, blobStore: nil, configuration: configuration).sweep()
            var selection = PurgeSelection()
            selection.artifacts = [purgedPut.artifactID]
            _ = try await fixture.purge(selection)
            #expect(try await fixture.store.evict(ds, try Self.tag(evicted)))
            #expect(try await fixture.store.deleteArtifact(deletedPut.artifactID))

            for (inputs, cause) in [(swept, "expiry"), (purged, "purge"), (evicted, "evict"), (deleted, "delete")] {
                let explanation = try await Self.explain(fixture.store, task, inputs)
                #expect(explanation.cause == .removed, "\(cause)")
                #expect(explanation.removedBy == cause)
                #expect(explanation.removedAt.map { $0 >= before } == true, "\(cause)")
            }
            let sweptExplanation = try await Self.explain(fixture.store, task, swept)
            #expect(sweptExplanation.artifact == sweptPut.artifactID && sweptExplanation.expiresAt != nil)
            #expect(sweptExplanation.summary.contains("by the expiry sweeper"))
            // Put again, the key is live: nothing to explain.
            try await Self.put(fixture.store, task, purged)
            #expect(try await Self.explain(fixture.store, task, purged).cause == .live)
        }
    }

    @Test func aTaskNeverStoredIsNeverSeen() async throws {
        try await PurgeFixture.with { fixture in
            try await Self.put(fixture.store, "p/dev/task-x/1-0123456789abcdef", [Self.input("a", 1)])
            let explanation = try await Self.explain(
                fixture.store, "p/dev/task-y/1-0123456789abcdef", [Self.input("a", 1)])
            #expect(explanation.cause == .neverSeen && explanation.nearest == nil)
        }
    }

    @Test func aResultWithoutInputDigestsIsSaidToRecordNone() async throws {
        try await PurgeFixture.with { fixture in
            let task = "p/dev/task-x/1-0123456789abcdef"
            try await fixture.store.put(PurgeFixture.dataset(task), try TagName("old"), data: Self.data)
            let explanation = try await Self.explain(fixture.store, task, [Self.input("a", 1)])
            #expect(explanation.cause == .differs && explanation.differences.map(\.kind) == ["inputs_unrecorded"])
        }
    }
}
