import CairnCore
import Foundation

extension ExecutionState {
    /// The same state as JSON, the way a JSON-based engine would keep it: only for measuring what
    /// the binary encoding saves (`state_json_bytes` in the report).
    func jsonText(graph: ExecutionGraph, createdAt: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var json = "{\"nodes\":["
        for (index, node) in nodes.enumerated() {
            if index > 0 { json += "," }
            json += "{\"id\":\(ExecutionReport.quote(graph.nodes[index].id)),\"phase\":\"\(node.phase.name)\""
            json += ",\"cache\":" + (node.cache.map { "\"\($0)\"" } ?? "null") + ",\"attempts\":\(node.attempts)"
            if let start = node.startedAt {
                json +=
                    ",\"started_at\":\"" + formatter.string(from: createdAt.addingTimeInterval(Double(start) / 1000))
                    + "\""
            }
            if let duration = node.duration { json += ",\"duration_ms\":\(duration)" }
            if let outputs = node.outputs {
                let names = graph.task(index).outputs.map(\.name)
                json +=
                    ",\"outputs\":{"
                    + zip(names, outputs).map { ExecutionReport.quote($0) + ":" + $1.jsonText() }.joined(separator: ",")
                    + "}"
            }
            if node.futureFromCatalog { json += ",\"future_from_catalog\":true" }
            if let compile = node.compileTime { json += ",\"compile_ms\":\(compile)" }
            if let error = node.error { json += ",\"error\":\(ExecutionReport.quote(error))" }
            json += "}"
        }
        json += "],\"futures\":["
        json += futures.map { "{\"owner\":\($0.owner),\"future\":\"\(Data($0.encoded).base64EncodedString())\"}" }
            .joined(separator: ",")
        json += "]"
        if let bootID { json += ",\"boot_id\":\"\(bootID)\"" }
        if let watchdog { json += ",\"watchdog\":{\"pid\":\(watchdog.pid),\"start_time\":\(watchdog.startTime)}" }
        json += ",\"task_groups\":["
        json += taskGroups.map {
            "{\"node\":\(ExecutionReport.quote(graph.nodes[$0.node].id)),\"pid\":\($0.leader.pid),\"start_time\":\($0.leader.startTime)}"
        }.joined(separator: ",")
        json += "],\"maps\":["
        json += maps.sorted { $0.key < $1.key }.map { node, elements in
            "{\"node\":\(ExecutionReport.quote(graph.nodes[node].id)),\"elements\":["
                + elements.phases.indices.map { element in
                    var text = "{\"phase\":\"\(elements.phases[element])\",\"cache\":"
                    text += elements.cache(element).map { "\"\($0)\"" } ?? "null"
                    if let outputs = elements.outputs[element] {
                        let names = graph.task(node).outputs.map(\.name)
                        text +=
                            ",\"outputs\":{"
                            + zip(names, outputs).map { ExecutionReport.quote($0) + ":" + $1.jsonText() }
                            .joined(separator: ",") + "}"
                    }
                    return text + "}"
                }.joined(separator: ",") + "]}"
        }.joined(separator: ",")
        json += "],\"branches\":["
        json += branches.sorted { $0.key < $1.key }.map { node, chosen in
            "{\"node\":\(ExecutionReport.quote(graph.nodes[node].id)),\"case\":\(chosen)}"
        }.joined(separator: ",")
        return json + "]}"
    }
}
