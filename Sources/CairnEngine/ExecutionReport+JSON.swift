import CairnCore
import Foundation

extension ExecutionReport {
    /// One JSON object: execution id, status, outputs, and for every node its id, cache status,
    /// attempts, duration, (dynamic) whether the future came from the catalog, and any error or note.
    public func jsonText() -> String {
        var json = "{\"execution_id\":\(Self.quote(executionID.uuidString.lowercased()))"
        json += ",\"workflow\":\(Self.quote(workflow)),\"status\":\(Self.quote(status.rawValue))"
        json += ",\"duration_ms\":\(elapsed.wholeMilliseconds)"
        json +=
            ",\"outputs\":{" + outputs.map { Self.quote($0.name) + ":" + $0.value.jsonText() }.joined(separator: ",")
            + "}"
        let counts = cacheCounts
        json +=
            ",\"cache\":{"
            + CacheStatus.allCases.compactMap { status in
                counts[status].map { Self.quote(status.description) + ":\($0)" }
            }
            .joined(separator: ",") + "}"
        json += ",\"compile_ms_saved\":\(compileMillisecondsSaved)"
        json += ",\"state_bytes\":\(stateBytes),\"state_json_bytes\":\(stateJSONBytes)"
        if let stateWarning { json += ",\"state_warning\":\(Self.quote(stateWarning))" }
        json += ",\"nodes\":[" + nodes.map(Self.json).joined(separator: ",") + "]}"
        return json
    }

    static func json(_ node: Node) -> String {
        var json = "{\"id\":\(quote(node.id)),\"task\":\(quote(node.task)),\"phase\":\(quote(node.phase))"
        json += ",\"cache\":" + (node.cache.map { quote($0.description) } ?? "null")
        json +=
            ",\"attempts\":\(node.attempts),\"duration_ms\":" + (node.durationMilliseconds.map { "\($0)" } ?? "null")
        if let fromCatalog = node.futureFromCatalog { json += ",\"future_from_catalog\":\(fromCatalog)" }
        if let compile = node.compileMilliseconds { json += ",\"compile_ms\":\(compile)" }
        if let future = node.futureMilliseconds {
            json += ",\"future_ms\":" + String(format: "%.3f", future)
        }
        if let error = node.error { json += ",\"error\":\(quote(error))" }
        if let note = node.note { json += ",\"note\":\(quote(note))" }
        if let source = node.source {
            json +=
                ",\"source\":{"
                + source.metadata.sorted { $0.key < $1.key }
                .map { quote(String($0.key.dropFirst("cairn.".count))) + ":" + quote($0.value) }
                .joined(separator: ",") + "}"
        }
        if let explanation = node.explanation { json += ",\"explanation\":" + explanation.jsonText() }
        if let elements = node.elements { json += ",\"elements\":" + Self.json(elements) }
        if let chosen = node.chosenCase { json += ",\"case\":\(quote(chosen))" }
        return json + "}"
    }

    /// `{"count":…,"succeeded":…,"cache":{"HIT":…},"failed":[…]}`.
    static func json(_ elements: Elements) -> String {
        "{\"count\":\(elements.count),\"succeeded\":\(elements.succeeded),\"cache\":{"
            + CacheStatus.allCases.compactMap { status in
                elements.cache[status].map { quote(status.description) + ":\($0)" }
            }
            .joined(separator: ",") + "},\"failed\":[" + elements.failed.map(String.init).joined(separator: ",") + "]}"
    }

    static func quote(_ text: String) -> String { Literal.string(text).jsonText() }
}
