import CairnMaintenance
import CairnStore
import Foundation

extension FsckOutput {
    /// `{"findings": […], "actions": […], "summary": {…}}`; times in Unix milliseconds.
    static func json(_ report: Fsck.Report, root: String) -> [String: Any] {
        [
            "findings": report.findings.map(json), "actions": report.actions.map(json),
            "summary": json(report.summary, root: root),
        ]
    }

    static func json(_ finding: Fsck.Finding) -> [String: Any] {
        switch finding {
        case .orphan(let path, let size, let modified):
            ["kind": "orphan", "path": path, "stored_size": size, "modified": ClientOutput.milliseconds(modified)]
        case .staleTemporary(let path, let size, let modified):
            [
                "kind": "stale_temporary", "path": path, "stored_size": size,
                "modified": ClientOutput.milliseconds(modified),
            ]
        case .broken(let broken):
            [
                "kind": broken.problem.rawValue, "sha256": broken.blob.sha256.hex, "uri": broken.blob.uri,
                "size": broken.blob.size, "reason": broken.reason, "artifacts": broken.artifacts.map(json),
            ]
        }
    }

    static func json(_ action: Fsck.Action) -> [String: Any] {
        switch action {
        case .deletedOrphan(let path, let size): ["action": "deleted_orphan", "path": path, "stored_size": size]
        case .deletedTemporary(let path, let size):
            ["action": "deleted_temporary", "path": path, "stored_size": size]
        case .demoted(let artifact, let blob, let problem, let reason):
            json(artifact).merging(
                ["action": "demoted", "sha256": blob.sha256.hex, "problem": problem.rawValue, "reason": reason]
            ) { _, new in new }
        case .collected(let report):
            [
                "action": "collected", "deleted": report.deleted, "freed_bytes": report.freedBytes,
                "already_gone": report.alreadyGone, "still_referenced": report.stillReferenced,
                "foreign": report.foreign, "deferred": report.deferred,
            ]
        case .failed(let path, let reason): ["action": "failed", "path": path, "reason": reason]
        }
    }

    static func json(_ artifact: ReferringArtifact) -> [String: Any] {
        ["artifact": artifact.id.description, "dataset": artifact.dataset.description, "tags": artifact.tags]
    }

    static func json(_ summary: Fsck.Summary, root: String) -> [String: Any] {
        var object: [String: Any] = [
            "blob_dir": root, "quick": summary.quick, "repair": summary.repair, "objects": summary.objects,
            "temporary_files": summary.temporaryFiles, "unrecognized_files": summary.unrecognizedFiles,
            "within_grace": summary.withinGrace, "orphans": summary.orphans, "orphan_bytes": summary.orphanBytes,
            "stale_temporary_files": summary.staleTemporaryFiles, "references_checked": summary.referencesChecked,
            "references_not_checked": summary.referencesNotChecked, "verified_bytes": summary.verifiedBytes,
            "missing": summary.missing, "corrupt": summary.corrupt, "broken_artifacts": summary.brokenArtifacts,
            "deleted_files": summary.deletedFiles, "demoted_artifacts": summary.demotedArtifacts,
            "failures": summary.failures, "drift": summary.drift, "repaired": summary.repaired,
            "unrepaired": summary.unrepaired,
            "status": summary.drift == 0 ? "clean" : summary.unrepaired == 0 ? "repaired" : "drift",
        ]
        if let collected = summary.collected {
            object["collected"] = collected.deleted
            object["collected_bytes"] = collected.freedBytes
        }
        return object
    }
}
