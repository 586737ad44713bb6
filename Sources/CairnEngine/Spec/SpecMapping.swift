import Yams

/// A YAML mapping read as string keys in file order, with keys outside the format reported.
struct SpecMapping {
    /// One key and its value.
    struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
    }

    let node: Node
    let entries: [Entry]

    var line: Int? { node.mark?.line }

    /// Reads `node` as a mapping; `nil` (after reporting) when it is not one.
    /// - Parameter allowed: the keys the format defines, or `nil` when keys are names the user chooses.
    init?(
        _ node: Node, field: String?, scope: Scope, allowed: [String]?, diagnostics: inout Diagnostics
    ) {
        guard case .mapping(let mapping) = node else {
            diagnostics.report(
                .invalidValue, "expected a mapping, got \(node.kindText)", at: node, scope: scope, field: field)
            return nil
        }
        var entries: [Entry] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                diagnostics.report(.invalidValue, "keys must be strings", at: keyNode, scope: scope, field: field)
                continue
            }
            if let allowed, !allowed.contains(scalar.string) {
                let list = allowed.sorted().joined(separator: ", ")
                diagnostics.report(
                    .unknownKey, "unknown key \"\(scalar.string)\" (allowed: \(list))", at: keyNode, scope: scope,
                    field: field)
                continue
            }
            entries.append(Entry(key: scalar.string, keyNode: keyNode, value: value))
        }
        self.node = node
        self.entries = entries
    }

    subscript(key: String) -> Node? {
        entries.first { $0.key == key }?.value
    }

    /// The value of a key the format requires; reports it missing otherwise.
    func required(_ key: String, scope: Scope, field: String? = nil, diagnostics: inout Diagnostics) -> Node? {
        if let value = self[key] { return value }
        diagnostics.report(.invalidValue, "missing key \"\(key)\"", at: node, scope: scope, field: field)
        return nil
    }
}

extension Node {
    /// The resolved tag's name (`Tag.name` itself is not public).
    var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }

    /// How error messages name what a node is.
    var kindText: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if tagName == .null { return "null" }
            return "\"\(scalar.string)\""
        }
    }
}
