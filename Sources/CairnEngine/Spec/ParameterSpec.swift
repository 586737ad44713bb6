import CairnCore
import Yams

/// A declared input or output: `name: type` or `name: {type: T, default: value}`.
struct ParameterSpec {
    var parameter: Parameter
    var line: Int?

    /// What may follow the name.
    enum Form {
        /// A type and an optional default (workflow and task inputs).
        case input
        /// A type only (task outputs).
        case output
    }

    /// Reads a mapping of parameters; those that fail are reported and left out.
    /// - Parameter itemLabel: how errors name one parameter (`input`, `workflow input`).
    /// - Returns: the parameters and whether every one was read.
    static func read(
        _ node: Node, form: Form, scope: Scope, field: String, itemLabel: String, diagnostics: inout Diagnostics
    ) -> (parameters: [ParameterSpec], complete: Bool) {
        guard let mapping = SpecMapping(node, field: field, scope: scope, allowed: nil, diagnostics: &diagnostics)
        else { return ([], false) }
        var parameters: [ParameterSpec] = []
        var complete = true
        for entry in mapping.entries {
            let label = "\(itemLabel) \(entry.key)"
            let named = diagnostics.name(entry.keyNode, scope: scope, field: label)
            let read = readOne(entry.value, form: form, scope: scope, field: label, diagnostics: &diagnostics)
            guard let name = named, let (type, defaultValue) = read else {
                complete = false
                continue
            }
            parameters.append(
                ParameterSpec(
                    parameter: Parameter(name: name, type: type, defaultValue: defaultValue),
                    line: entry.keyNode.mark?.line
                ))
        }
        return (parameters, complete)
    }

    private static func readOne(
        _ node: Node, form: Form, scope: Scope, field: String, diagnostics: inout Diagnostics
    ) -> (LiteralType, Literal?)? {
        guard case .mapping = node else {
            return diagnostics.type(node, scope: scope, field: field).map { ($0, nil) }
        }
        let allowed = form == .input ? ["type", "default"] : ["type"]
        guard
            let mapping = SpecMapping(node, field: field, scope: scope, allowed: allowed, diagnostics: &diagnostics),
            let typeNode = mapping.required("type", scope: scope, field: field, diagnostics: &diagnostics),
            let type = diagnostics.type(typeNode, scope: scope, field: field)
        else { return nil }
        guard let defaultNode = mapping["default"] else { return (type, nil) }
        switch defaultNode.literal(as: type, label: "default") {
        case .success(let value):
            return (type, value)
        case .failure(let problem):
            diagnostics.report(.typeMismatch, problem.message, at: defaultNode, scope: scope, field: "\(field) default")
            return nil
        }
    }
}
