import CairnBlobs
import CairnCore
import CairnStore
import CairnTestSupport
import Foundation
import Testing

@testable import CairnMaintenance

@Suite struct FsckTests {
    /// What a dry run of the planted scenario must report, in order: the stale temporary file and the
    /// orphan share a directory (the temporary file sorts first), then broken references by digest.
    func expectedFindings(_ scenario: DriftScenario) throws -> [Fsck.Finding] {
        let blobs = scenario.blobs
        let garbledPath = blobs.path(of: scenario.garbled.sha256)
        let swappedPath = blobs.path(of: scenario.swapped.sha256)
        let broken = [
            Fsck.BrokenBlob(
                blob: referenced(scenario.missing), problem: .missing,
                reason: "no object at \(blobs.path(of: scenario.missing.sha256))",
                artifacts: scenario.missingArtifacts),
            Fsck.BrokenBlob(
                blob: referenced(scenario.garbled), problem: .corrupt,
                reason: "\(garbledPath) cannot be decompressed: zlib input: is corrupt (inflate returned -3)",
                artifacts: [scenario.garbledArtifact]),
            Fsck.BrokenBlob(
                blob: referenced(scenario.swapped), problem: .corrupt,
                reason:
                    "\(swappedPath) holds content with sha256 \(SHA256Digest.of(Array("SWAPPED CONTENT".utf8)).hex)",
                artifacts: [scenario.swappedArtifact]),
        ].sorted { $0.blob.sha256.bytes.lexicographicallyPrecedes($1.blob.sha256.bytes) }
        return [
            .staleTemporary(path: scenario.staleTemporary, storedSize: 12, modified: DriftScenario.old),
            .orphan(path: scenario.oldOrphan, storedSize: try size(scenario.oldOrphan), modified: DriftScenario.old),
        ] + broken.map(Fsck.Finding.broken)
    }

    /// The summary of a dry run of the planted scenario.
    func expectedDrySummary(_ scenario: DriftScenario, quick: Bool = false) throws -> Fsck.Summary {
        var summary = Fsck.Summary(quick: quick, repair: false)
        summary.objects = 5  // healthy, garbled, swapped, old and young orphan
        summary.temporaryFiles = 2
        summary.unrecognizedFiles = 1  // README
        summary.withinGrace = 2  // the young orphan and the fresh temporary file
        summary.orphans = 1
        summary.orphanBytes = try size(scenario.oldOrphan)
        summary.staleTemporaryFiles = 1
        summary.referencesChecked = 4  // healthy, missing, garbled, swapped
        summary.referencesNotChecked = 1  // s3://bucket/key
        summary.verifiedBytes = quick ? 0 : 30  // "healthy content" and "SWAPPED CONTENT"
        summary.missing = 1
        summary.corrupt = quick ? 0 : 2
        summary.brokenArtifacts = quick ? 2 : 4
        summary.progress = Fsck.Progress(phase: .references, files: 7, references: 5)
        return summary
    }

    @Test func aConsistentCatalogHasNoFindingsAndRepairChangesNothing() async throws {
        try await TestDatabase.withStore { store, url in
            let directory = "/tmp/cairn-fsck-" + UUID().uuidString.prefix(8).lowercased()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let blobs = try LocalBlobStore(root: directory)
            let dataset = try DatasetID(parsing: "proj/dev/task/v1")
            let reference = try await blobs.putOnThread(Array("content".utf8))
            _ = try await store.put(
                dataset, try TagName("t1"), data: [try DataItem(name: "o", value: .blob(reference))])
            let elsewhere = try BlobReference(uri: "s3://bucket/key", size: 3, sha256: .of(Array("abc".utf8)))
            _ = try await store.put(dataset, try TagName("t2"), data: [try .inline("o", [1])], blobs: [elsewhere])
            _ = try await blobs.putOnThread(Array("written, not referenced yet".utf8))
            try DriftScenario.setModified(blobs.path(of: reference.sha256), DriftScenario.old)
            let before = try storeFiles(directory)

            for repair in [false, true] {
                var configuration = Fsck.Configuration()
                configuration.repair = repair
                let fsck = Fsck(store: blobs, configuration: configuration)
                let report = try await Blocking.run { try fsck.run(on: try MaintenanceConnection(databaseURL: url)) }
                #expect(report.findings.isEmpty && report.actions.isEmpty, "\(report)")
                var expected = Fsck.Summary(quick: false, repair: repair)
                expected.objects = 2
                expected.withinGrace = 1
                expected.referencesChecked = 1
                expected.referencesNotChecked = 1
                expected.verifiedBytes = 7
                expected.progress = Fsck.Progress(phase: repair ? .collection : .references, files: 2, references: 2)
                expected.collected = repair ? BlobCollector.Report() : nil
                #expect(report.summary == expected)
                #expect(report.summary.drift == 0 && report.summary.unrepaired == 0)
            }
            #expect(try storeFiles(directory) == before)
            #expect(try await store.get(dataset, try TagName("t1")) != nil)
        }
    }

    @Test func aDryRunFindsEveryKindOfDriftWithItsArtifactsAndChangesNothing() async throws {
        try await DriftScenario.with { scenario, store, url in
            let files = try scenario.files()
            let rows = try await rowCounts(url)
            let report = try await scenario.fsck(url)
            #expect(report.findings == (try expectedFindings(scenario)))
            #expect(report.actions.isEmpty)
            #expect(report.summary == (try expectedDrySummary(scenario)))
            #expect(report.summary.drift == 5 && report.summary.unrepaired == 5)
            #expect(try scenario.files() == files)
            #expect(try await rowCounts(url) == rows)
            #expect(rows == [7, 6, 8, 0], "artifacts, blob references, tags, queued deletions")
        }
    }

    @Test(arguments: [1, 2, 3])
    func smallBatchesFindTheSame(batchSize: Int) async throws {
        try await DriftScenario.with { scenario, _, url in
            let report = try await scenario.fsck(url) { $0.batchSize = batchSize }
            #expect(report.findings == (try expectedFindings(scenario)))
            #expect(report.summary == (try expectedDrySummary(scenario)))
        }
    }

    @Test func quickFindsTheMissingObjectButNotTheCorruptOnes() async throws {
        try await DriftScenario.with { scenario, _, url in
            let report = try await scenario.fsck(url) { $0.quick = true }
            let all = try expectedFindings(scenario)
            #expect(report.findings == all.filter { !$0.isCorrupt })
            #expect(report.summary == (try expectedDrySummary(scenario, quick: true)))
        }
    }

    func rowCounts(_ url: String) async throws -> [Int] {
        var counts: [Int] = []
        for table in ["artifacts", "artifact_blobs", "tags", "blob_deletions"] {
            counts.append(try await TestDatabase.count(url, "SELECT count(*) FROM \(table)"))
        }
        return counts
    }
}

func referenced(_ reference: BlobReference) -> ReferencedBlob {
    ReferencedBlob(sha256: reference.sha256, uri: reference.uri, size: reference.size)
}

func size(_ path: String) throws -> Int64 {
    (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? -1
}

extension Fsck.Finding {
    var isCorrupt: Bool {
        if case .broken(let broken) = self { return broken.problem == .corrupt }
        return false
    }
}
