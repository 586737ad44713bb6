import CairnCore
import Yams

extension Overrides {
    /// Applies one `--override` assignment: `<name>.<field>=<value>`, `<name>.environment.<KEY>=<value>`,
    /// `<name>.resources.memory=1GiB`, `<name>.task_config=<YAML or JSON mapping>` or
    /// `<name>.task_config.<key>=<YAML or JSON value>`. Values are read as YAML scalars
    /// (`true`, `3`, `30s`), environment values as written.
    /// - Throws: ``CompileErrors`` with one error naming the assignment.
    public mutating func apply(assignment: String) throws {
        var diagnostics = Diagnostics(file: "--override")
        guard let equals = assignment.firstIndex(of: "=") else {
            diagnostics.report(.invalidValue, "expected <name>.<field>=<value>, got \"\(assignment)\"", line: nil)
            throw CompileErrors(diagnostics.errors)
        }
        let target = String(assignment[..<equals])
        let text = String(assignment[assignment.index(after: equals)...])
        let parts = target.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, let name = checkedName(parts[0], target: target, diagnostics: &diagnostics) else {
            if parts.count < 2 {
                diagnostics.report(.invalidValue, "expected <name>.<field>=<value>", line: nil, field: target)
            }
            throw CompileErrors(diagnostics.errors)
        }
        var override = overrides[name] ?? Override()
        let field = parts[1]
        let key = parts.count > 2 ? parts[2] : nil
        switch (field, key) {
        case ("environment", let key?):
            override.environment[key] = text
        case (_, let key?) where ["resources", "task_config"].contains(field):
            if let value = Self.value(text, label: target, diagnostics: &diagnostics) {
                override.set(
                    field, from: Node([(Node(key), value)]), label: "\(name).\(field)", diagnostics: &diagnostics)
            }
        case (_, nil) where field != "environment":
            if let value = Self.value(text, label: target, diagnostics: &diagnostics) {
                override.set(field, from: value, label: target, diagnostics: &diagnostics)
            }
        default:
            let message =
                Override.fields.contains(field)
                ? "expected \(name).environment.<NAME>=<value>, \(name).resources.<memory|cpu>=<value>, "
                    + "\(name).task_config[.<key>]=<value> or \(name).<field>=<value>"
                : "unknown field \"\(field)\" (allowed: \(listText(Override.fields)))"
            diagnostics.report(
                Override.fields.contains(field) ? .invalidValue : .unknownKey, message, line: nil, field: target)
        }
        // Lines would point into the value text, not at anything the user can find.
        if !diagnostics.errors.isEmpty {
            throw CompileErrors(
                diagnostics.errors.map { error in
                    var error = error
                    error.line = nil
                    return error
                })
        }
        record(override, name: name, origin: Origin(file: "--override", line: nil))
    }

    private func checkedName(_ name: String, target: String, diagnostics: inout Diagnostics) -> String? {
        if let problem = SpecName.problem(with: name) {
            diagnostics.report(.invalidValue, problem, line: nil, field: target)
            return nil
        }
        return name
    }

    /// The value text read as YAML (an empty text is an empty string).
    private static func value(_ text: String, label: String, diagnostics: inout Diagnostics) -> Node? {
        if text.isEmpty { return Node("", Tag(.str), .doubleQuoted) }
        var parsing = Diagnostics(file: "--override")
        guard let node = YAMLSource.compose(text, diagnostics: &parsing) else {
            let reason = parsing.errors.first?.message ?? "not a value"
            diagnostics.report(.syntax, reason, line: nil, field: label)
            return nil
        }
        return node
    }
}
