import CairnCore
import Yams

/// The overrides chosen at launch, by override name: a file of `{<name>: {<field>: <value>, …}}`
/// and `--override <name>.<field>=<value>` assignments, later ones winning.
///
/// Workflow files give override names to tasks and nodes (`override:`); ``validate(against:)``
/// rejects names a workflow does not give, and ``settings(for:in:)`` applies the override.
public struct Overrides: Hashable, Sendable {
    /// Where an override name was first set, for error messages.
    struct Origin: Hashable, Sendable {
        var file: String
        var line: Int?
    }

    /// The overrides by name.
    public private(set) var overrides: [String: Override] = [:]
    private(set) var origins: [String: Origin] = [:]

    /// No overrides.
    public init() {}

    /// Reads an overrides file: a mapping of override names to mappings of fields.
    /// - Throws: ``CompileErrors`` listing every problem (unknown fields list the allowed ones).
    public init(yaml: String, file: String) throws {
        var diagnostics = Diagnostics(file: file)
        if let root = YAMLSource.compose(yaml, emptyAllowed: true, diagnostics: &diagnostics),
            let mapping = SpecMapping(root, field: nil, scope: .workflow, allowed: nil, diagnostics: &diagnostics)
        {
            for entry in mapping.entries {
                guard let name = diagnostics.name(entry.keyNode, scope: .workflow, field: "override name"),
                    let fields = SpecMapping(
                        entry.value, field: name, scope: .workflow, allowed: Override.fields, diagnostics: &diagnostics)
                else { continue }
                var override = overrides[name] ?? Override()
                for field in fields.entries {
                    override.set(field.key, from: field.value, label: "\(name).\(field.key)", diagnostics: &diagnostics)
                }
                record(override, name: name, origin: Origin(file: file, line: entry.keyNode.mark?.line))
            }
        }
        try diagnostics.check()
    }

    /// The override with this name, if any.
    public subscript(name: String) -> Override? {
        overrides[name]
    }

    mutating func record(_ override: Override, name: String, origin: Origin) {
        overrides[name] = override
        if origins[name] == nil { origins[name] = origin }
    }
}
