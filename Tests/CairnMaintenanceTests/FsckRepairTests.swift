import CairnBlobs
import CairnCore
import CairnStore
import CairnTestSupport
import Foundation
import Testing

@testable import CairnMaintenance

@Suite struct FsckRepairTests {
    @Test func repairDeletesOrphansDemotesBrokenArtifactsCollectsAndASecondRunIsClean() async throws {
        try await DriftScenario.with { scenario, store, url in
            let blobs = scenario.blobs
            let garbledPath = blobs.path(of: scenario.garbled.sha256)
            let swappedPath = blobs.path(of: scenario.swapped.sha256)
            let collectedBytes = try size(garbledPath) + size(swappedPath)
            let orphanBytes = try size(scenario.oldOrphan)
            let dry = try await scenario.fsck(url)

            let report = try await scenario.fsck(url) { $0.repair = true }
            #expect(report.findings == dry.findings)
            var broken = dry.findings.compactMap { finding -> Fsck.BrokenBlob? in
                if case .broken(let broken) = finding { return broken }
                return nil
            }
            broken = broken.sorted { $0.blob.sha256.bytes.lexicographicallyPrecedes($1.blob.sha256.bytes) }
            let demotions = broken.flatMap { blob in
                blob.artifacts.map {
                    Fsck.Action.demoted($0, blob: blob.blob, problem: blob.problem, reason: blob.reason)
                }
            }
            var collected = BlobCollector.Report()
            collected.deleted = 2  // the garbled and the swapped object
            collected.freedBytes = collectedBytes
            collected.alreadyGone = 1  // the missing one
            #expect(
                report.actions
                    == [
                        .deletedTemporary(path: scenario.staleTemporary, storedSize: 12),
                        .deletedOrphan(path: scenario.oldOrphan, storedSize: orphanBytes),
                    ] + demotions + [.collected(collected)])
            #expect(demotions.count == 4)

            var summary = dry.summary
            summary.repair = true
            summary.deletedFiles = 2
            summary.demotedArtifacts = 4
            summary.repaired = 5
            summary.collected = collected
            summary.progress.phase = .collection
            #expect(report.summary == summary)
            #expect(report.summary.unrepaired == 0)

            // Demoted artifacts are misses now; the healthy ones are still hits.
            for (dataset, tag) in [
                ("proj/dev/lost/v1", "a"), ("proj/dev/lost/v1", "b"), ("other/prod/lost/v2", "c"),
                ("proj/dev/garbled/v1", "g"), ("proj/dev/swapped/v1", "s"),
            ] {
                #expect(try await store.get(try DatasetID(parsing: dataset), try TagName(tag)) == nil, "\(dataset)")
            }
            for (name, id) in [
                ("healthy", scenario.healthy), ("foreign", scenario.foreign), ("inline", scenario.inline),
            ] {
                let artifact = try await store.get(try DatasetID(parsing: "proj/dev/\(name)/v1"), try TagName("ok"))
                #expect(artifact?.id == id, "\(name)")
            }
            let remaining = Set(try scenario.files().keys.map { blobs.root + "/" + $0 })
            let kept = [blobs.path(of: scenario.healthyBlob.sha256), scenario.youngOrphan, scenario.freshTemporary]
            #expect(remaining == Set(kept + [blobs.root + "/README"]))
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM blob_deletions") == 0)

            let again = try await scenario.fsck(url)
            #expect(again.findings.isEmpty && again.actions.isEmpty, "\(again.findings)")
            #expect(again.summary.drift == 0 && again.summary.withinGrace == 2 && again.summary.objects == 2)
            #expect(again.summary.referencesChecked == 1 && again.summary.referencesNotChecked == 1)
        }
    }
}
