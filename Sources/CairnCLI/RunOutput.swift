import CairnCore
import CairnEngine
import Foundation

/// What `cairn run` prints: one JSON object with `--json`, otherwise a short summary.
enum RunOutput {
    static func print(_ report: ExecutionReport, json: Bool, explain: Bool = false) {
        if json {
            Swift.print(report.jsonText())
            fflush(nil)
            return
        }
        let seconds = report.elapsed.timeInterval
        Swift.print(
            "execution \(report.executionID.uuidString.lowercased()) \(report.status.rawValue) in "
                + String(format: "%.2f s", seconds))
        for output in report.outputs { Swift.print("  \(output.name) = \(output.value.jsonText())") }
        let counts = report.cacheCounts.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        Swift.print("nodes: \(report.nodes.count)" + (counts.isEmpty ? "" : " (\(counts))"))
        if report.compileMillisecondsSaved > 0 {
            Swift.print(
                "futures from the catalog saved \(report.compileMillisecondsSaved) ms of generating and compiling")
        }
        if let warning = report.stateWarning { Swift.print("warning: \(warning)") }
        if report.nodes.count <= 40 {
            for node in report.nodes {
                var line = "  \(node.id): \(node.phase)"
                if let cache = node.cache { line += " \(cache)" }
                if node.attempts > 0 { line += ", \(node.attempts) attempt\(node.attempts == 1 ? "" : "s")" }
                if node.futureFromCatalog == true { line += ", future from the catalog" }
                if let source = node.source { line += ", from \(source.summary)" }
                if let explanation = node.explanation { line += " — \(explanation.summary)" }
                Swift.print(line)
            }
        } else if explain {
            for node in report.nodes {
                if let explanation = node.explanation { Swift.print("  \(node.id): \(explanation.summary)") }
            }
        }
        for node in report.nodes { if let elements = node.elements { Swift.print(elementsLine(node.id, elements)) } }
        for node in report.nodes {
            if let chosen = node.chosenCase { Swift.print("  \(node.id): chose case \(chosen) (\(node.id)/\(chosen))") }
        }
        for node in report.nodes { if let note = node.note { Swift.print("  \(node.id): \(note)") } }
        for node in report.nodes where node.phase == "failed" {
            Swift.print("  \(node.id) failed: \(node.error ?? "")")
        }
        if report.status == .cancelled || report.status == .failed {
            Swift.print("continue with: cairn run --resume \(report.executionID.uuidString.lowercased())")
        }
        fflush(nil)
    }

    /// `  squares: 1000 elements, 990 succeeded (990 HIT, 10 MISS); failed: 3, 17`.
    static func elementsLine(_ id: String, _ elements: ExecutionReport.Elements) -> String {
        let counts = elements.cache.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key)" }
        var line =
            "  \(id): \(elements.count) element\(elements.count == 1 ? "" : "s"), \(elements.succeeded) succeeded"
        if !counts.isEmpty { line += " (" + counts.joined(separator: ", ") + ")" }
        if !elements.failed.isEmpty {
            let shown = elements.failed.prefix(50).map(String.init).joined(separator: ", ")
            line += "; failed: " + shown + (elements.failed.count > 50 ? ", … (\(elements.failed.count))" : "")
        }
        return line
    }
}
