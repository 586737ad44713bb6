import CairnCore
import Foundation

/// The files of one attempt in a node's directory: inputs, outputs, future and log.
struct AttemptFiles: Sendable {
    let directory: String
    let attempt: Int

    var inputs: String { directory + "/inputs.json" }
    var outputs: String { directory + "/outputs.json" }
    var future: String { directory + "/future.yaml" }
    var log: String { directory + "/attempt-\(attempt).log" }

    /// Writes the inputs as one JSON object and clears what an earlier attempt left.
    func prepare(inputs values: [String: Literal], task: CompiledTask) throws {
        var json = "{"
        for (index, parameter) in task.inputs.enumerated() {
            guard let value = values[parameter.name] else { continue }
            if index > 0 { json += "," }
            json += ExecutionReport.quote(parameter.name) + ":" + value.jsonText()
        }
        json += "}\n"
        for stale in [outputs, future] { try? FileManager.default.removeItem(atPath: stale) }
        guard FileManager.default.createFile(atPath: inputs, contents: Data(json.utf8)) else {
            throw EngineError(.io, "cannot write \(inputs)")
        }
    }

    /// The last lines of the log, for error messages.
    func logTail(maxBytes: Int = 400) -> String {
        guard let data = FileManager.default.contents(atPath: log), !data.isEmpty else { return "" }
        let tail = String(decoding: data.suffix(maxBytes), as: UTF8.self)
        return tail.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: " | ")
    }

    /// The outputs the task wrote, typed against its interface, large ones offloaded.
    func readOutputs(task: CompiledTask, node: String, rawData: String, offloader: Offloader) throws -> [Literal] {
        guard task.outputs.count > 0 else { return [] }
        let size = (try? FileManager.default.attributesOfItem(atPath: outputs)[.size] as? Int) ?? nil
        guard let size else {
            throw EngineError(.invalidOutput, "node \(node): the task wrote no outputs file (CAIRN_OUTPUTS=\(outputs))")
        }
        // JSON is never smaller than a fifth of the canonical form it parses into; fail before parsing.
        if size / 5 >= offloader.maximum {
            throw EngineError(
                .limitExceeded,
                "node \(node): outputs file is \(size) bytes, far over offload_max (\(offloader.maximum) bytes)")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(
                with: try Data(contentsOf: URL(fileURLWithPath: outputs)), options: [.fragmentsAllowed])
        } catch {
            throw EngineError(
                .invalidOutput, "node \(node): \(outputs) is not valid JSON: \(error.localizedDescription)")
        }
        guard let fields = object as? [String: Any] else {
            throw EngineError(.invalidOutput, "node \(node): \(outputs) must hold a JSON object of outputs")
        }
        let declared = Set(task.outputs.map(\.name))
        if let extra = fields.keys.sorted().first(where: { !declared.contains($0) }) {
            throw EngineError(
                .invalidOutput,
                "node \(node): output \(extra) is not declared by task \(task.name) "
                    + "(declared: \(task.outputs.map(\.name).joined(separator: ", ")))")
        }
        return try task.outputs.map { parameter in
            guard let raw = fields[parameter.name] else {
                throw EngineError(.invalidOutput, "node \(node): the task did not write output \(parameter.name)")
            }
            let value: Literal
            do {
                value = try Literal(
                    jsonValue: raw, as: parameter.type, path: "outputs.\(parameter.name)",
                    file: { try FileHasher.file(at: $0, relativeTo: rawData) })
            } catch let error as CairnError {
                throw EngineError(.invalidOutput, "node \(node): \(error.message)")
            }
            return try offloader.offload(value, type: parameter.type, name: parameter.name)
        }
    }

    /// The future a dynamic task wrote.
    func readFuture(node: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: future) else {
            throw EngineError(.invalidOutput, "node \(node): the dynamic task wrote no future (CAIRN_FUTURE=\(future))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw EngineError(.invalidOutput, "node \(node): \(future) is not UTF-8")
        }
        return text
    }
}
