import CairnCore
import Yams

/// Fan-in bindings: lists, maps and structs written with references inside, such as
/// `[$a.out, $b.out, 3]` or `{x: $a.out, y: $b.out}`. Each part is bound against its own type and
/// reported under its own field (`input parts[1]`, `input by_name.x`).
extension GraphCompiler {
    func bindList(
        _ sequence: Node.Sequence, of element: LiteralType, scope: Scope, field: String,
        diagnostics: inout Diagnostics
    ) -> (Binding, Set<Int>)? {
        var parts: [Binding] = []
        var nodes = Set<Int>()
        var complete = true
        for (position, value) in sequence.enumerated() {
            let partField = field + PathStep.index(position).text
            if let (part, read) = bind(value, to: element, scope: scope, field: partField, diagnostics: &diagnostics) {
                parts.append(part)
                nodes.formUnion(read)
            } else {
                complete = false
            }
        }
        guard complete else { return nil }
        return (Self.assembled(.list(parts)), nodes)
    }

    /// Binds each entry of a mapping against the type `type(key)` gives it (`nil`: not checked here).
    func bindMapping(
        _ mapping: Node.Mapping, field: String, scope: Scope, diagnostics: inout Diagnostics,
        type: (String) -> LiteralType?
    ) -> ([String: Binding], Set<Int>)? {
        var parts: [String: Binding] = [:]
        var nodes = Set<Int>()
        var complete = true
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode, keyNode.tagName != .null else {
                diagnostics.report(
                    .typeMismatch, "keys must be strings, got \(keyNode.kindText)", at: keyNode, scope: scope,
                    field: field)
                complete = false
                continue
            }
            let key = scalar.string
            let partField = field + PathStep.key(key).text
            guard parts[key] == nil else {
                diagnostics.report(
                    .duplicateName, "key \"\(key)\" appears twice", at: keyNode, scope: scope, field: partField)
                complete = false
                continue
            }
            guard let partType = type(key) else { continue }
            if let (part, read) = bind(value, to: partType, scope: scope, field: partField, diagnostics: &diagnostics) {
                parts[key] = part
                nodes.formUnion(read)
            } else {
                complete = false
            }
        }
        guard complete else { return nil }
        return (parts, nodes)
    }

    func bindStructure(
        _ mapping: Node.Mapping, fields: [LiteralType.Field], at value: Node, scope: Scope, field: String,
        diagnostics: inout Diagnostics
    ) -> (Binding, Set<Int>)? {
        var complete = true
        var unknown: [(key: String, node: Node)] = []
        let bound = bindMapping(mapping, field: field, scope: scope, diagnostics: &diagnostics) { key in
            fields.first(where: { $0.name == key })?.type
        }
        for (keyNode, _) in mapping {
            if let key = keyNode.scalar?.string, !fields.contains(where: { $0.name == key }) {
                unknown.append((key, keyNode))
            }
        }
        let names = listText(fields.map(\.name))
        for (key, node) in unknown {
            diagnostics.report(
                .typeMismatch, "\(LiteralType.structure(fields)) has no field \"\(key)\" (fields: \(names))", at: node,
                scope: scope, field: field)
            complete = false
        }
        guard let (parts, nodes) = bound, complete else { return nil }
        let missing = fields.map(\.name).filter { parts[$0] == nil }
        guard missing.isEmpty else {
            diagnostics.report(
                .typeMismatch, "missing field\(missing.count == 1 ? "" : "s") \(listText(missing))", at: value,
                scope: scope, field: field)
            return nil
        }
        return (Self.assembled(.structure(parts)), nodes)
    }

    /// A list, map or struct binding as a plain literal when no part of it reads anything.
    static func assembled(_ binding: Binding) -> Binding {
        switch binding {
        case .list(let parts):
            let values = parts.compactMap { if case .literal(let value) = $0 { value } else { nil } }
            return values.count == parts.count ? .literal(.list(values)) : binding
        case .map(let parts), .structure(let parts):
            let values = parts.compactMapValues { if case .literal(let value) = $0 { value } else { nil } }
            guard values.count == parts.count else { return binding }
            if case .map = binding { return .literal(.map(values)) }
            return .literal(.structure(values))
        default:
            return binding
        }
    }
}

extension Node {
    /// Whether a string starting with `$` (a reference, or `$$` escaping one) appears at any depth.
    var holdsDollarText: Bool {
        switch self {
        case .scalar(let scalar): return tagName == .str && scalar.string.hasPrefix("$")
        case .sequence(let sequence): return sequence.contains { $0.holdsDollarText }
        case .mapping(let mapping): return mapping.contains { $0.value.holdsDollarText }
        case .alias: return false
        }
    }
}
