import CairnMaintenance
import CairnStore
import Foundation

/// How `cairn admin fsck` prints: a line per finding and action as they happen, then a summary; or
/// one JSON document.
enum FsckOutput {
    /// Prints a finding or an action on standard output (erasing the progress line first), or
    /// updates the progress line.
    static func print(_ event: Fsck.Event, progress: ProgressLine?) {
        let line: String
        switch event {
        case .finding(let finding): line = text(finding)
        case .action(let action): line = text(action)
        case .progress(let state):
            progress?.update("fsck: \(state.phase.rawValue): \(state.files) files, \(state.references) references")
            return
        }
        progress?.clear()
        Swift.print(line)
    }

    static func text(_ finding: Fsck.Finding) -> String {
        switch finding {
        case .orphan(let path, let size, let modified):
            return "orphan blob object \(path) (\(size) bytes, last written \(ClientOutput.text(modified)))"
        case .staleTemporary(let path, let size, let modified):
            return "stale temporary file \(path) (\(size) bytes, last written \(ClientOutput.text(modified)))"
        case .broken(let broken):
            let artifacts = broken.artifacts.map(text).joined(separator: "; ")
            return "blob \(broken.blob.sha256.hex) \(broken.problem.rawValue): \(broken.reason); "
                + "referenced by \(artifacts)"
        }
    }

    static func text(_ action: Fsck.Action) -> String {
        switch action {
        case .deletedOrphan(let path, _): "deleted orphan \(path)"
        case .deletedTemporary(let path, _): "deleted stale temporary file \(path)"
        case .demoted(let artifact, let blob, let problem, let reason):
            "demoted \(text(artifact)): blob \(blob.sha256.hex) \(problem.rawValue): \(reason)"
        case .collected(let report):
            "collected \(report.deleted) unreferenced blob object(s) (\(report.freedBytes) bytes) from the deletion queue"
        case .failed(let path, let reason): "could not delete \(path): \(reason)"
        }
    }

    /// `artifact <id> in <dataset> (tags a, b)`.
    static func text(_ artifact: ReferringArtifact) -> String {
        let tags = artifact.tags.isEmpty ? "no tags" : "tags " + artifact.tags.joined(separator: ", ")
        return "artifact \(artifact.id) in \(artifact.dataset) (\(tags))"
    }

    /// The summary: objects, references, repairs, and the verdict.
    static func lines(_ summary: Fsck.Summary, root: String) -> [String] {
        var lines = [
            "objects: \(summary.objects) in \(root), \(summary.orphans) orphan(s) (\(summary.orphanBytes) bytes), "
                + "\(summary.staleTemporaryFiles) stale temporary file(s), \(summary.withinGrace) within the grace "
                + "period, \(summary.unrecognizedFiles) unrecognized",
            "references: \(summary.referencesChecked) checked "
                + (summary.quick ? "(existence only)" : "(\(summary.verifiedBytes) content bytes read)")
                + ", \(summary.referencesNotChecked) outside the store not checked, \(summary.missing) missing, "
                + "\(summary.corrupt) corrupt, \(summary.brokenArtifacts) artifact(s) affected",
        ]
        if summary.repair {
            lines.append(
                "repair: \(summary.deletedFiles) file(s) deleted, \(summary.demotedArtifacts) artifact(s) demoted, "
                    + "\(summary.collected?.deleted ?? 0) object(s) collected (\(summary.collected?.freedBytes ?? 0) "
                    + "bytes), \(summary.failures) failure(s)")
        }
        lines.append("fsck: " + verdict(summary))
        return lines
    }

    static func verdict(_ summary: Fsck.Summary) -> String {
        if summary.drift == 0 { return "clean" }
        if summary.unrepaired == 0 { return "\(summary.drift) finding(s), all repaired" }
        if summary.repair { return "\(summary.drift) finding(s), \(summary.unrepaired) not repaired" }
        return "\(summary.drift) finding(s); run again with --repair to remove them"
    }
}
