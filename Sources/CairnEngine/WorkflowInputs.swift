import CairnCore
import Foundation

/// Turns `--input name=value` text into typed workflow inputs.
enum WorkflowInputs {
    /// A string input takes the text as it is; other types parse it as JSON, and a value that is
    /// not JSON is taken as a JSON string (so `--input when=2026-11-21T10:00:00Z` works unquoted).
    /// Inputs not given take their defaults.
    /// - Throws: ``EngineError/Code/invalidInput`` naming unknown, missing or malformed inputs.
    static func parse(_ raw: [String: String], for workflow: CompiledWorkflow) throws -> [String: Literal] {
        let known = workflow.inputs.map(\.name)
        if let unknown = raw.keys.sorted().first(where: { !known.contains($0) }) {
            throw EngineError(
                .invalidInput,
                "workflow \(workflow.name) has no input \(unknown) (inputs: \(known.sorted().joined(separator: ", ")))")
        }
        var values: [String: Literal] = [:]
        var missing: [String] = []
        for parameter in workflow.inputs {
            guard let text = raw[parameter.name] else {
                if let value = parameter.defaultValue {
                    values[parameter.name] = value
                } else {
                    missing.append(parameter.name)
                }
                continue
            }
            values[parameter.name] = try parse(text, as: parameter.type, name: parameter.name)
        }
        guard missing.isEmpty else {
            throw EngineError(
                .invalidInput,
                "workflow \(workflow.name) needs input\(missing.count == 1 ? "" : "s") "
                    + missing.map { "\($0)" }.joined(separator: ", ") + " (give them with --input name=value)")
        }
        return values
    }

    static func parse(_ text: String, as type: LiteralType, name: String) throws -> Literal {
        if type == .string { return .string(text) }
        let path = "input \(name)"
        let resolver: @Sendable (String) throws -> FileLiteral = {
            try FileHasher.file(at: $0, relativeTo: FileManager.default.currentDirectoryPath)
        }
        do {
            if let data = text.data(using: .utf8),
                let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            {
                return try Literal(jsonValue: json, as: type, path: path, file: resolver)
            }
            return try Literal(jsonValue: text, as: type, path: path, file: resolver)
        } catch let error as CairnError {
            throw EngineError(.invalidInput, error.message)
        }
    }
}
