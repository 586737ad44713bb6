import CairnCore
import Yams

/// Readers for the scalar and small compound values of the format; each reports what it rejects.
extension Diagnostics {
    mutating func string(_ node: Node, scope: Scope, field: String) -> String? {
        guard case .scalar(let scalar) = node, node.tagName != .null else {
            report(.invalidValue, "expected a string, got \(node.kindText)", at: node, scope: scope, field: field)
            return nil
        }
        return scalar.string
    }

    /// A workflow, task, node, parameter or override name (``SpecName``).
    mutating func name(_ node: Node, scope: Scope, field: String) -> String? {
        guard let text = string(node, scope: scope, field: field) else { return nil }
        if let problem = SpecName.problem(with: text) {
            report(.invalidValue, problem, at: node, scope: scope, field: field)
            return nil
        }
        return text
    }

    mutating func bool(_ node: Node, scope: Scope, field: String) -> Bool? {
        if case .scalar = node, node.tagName == .bool, let value = node.bool { return value }
        report(.invalidValue, "expected true or false, got \(node.kindText)", at: node, scope: scope, field: field)
        return nil
    }

    /// Most attempts after a failure a task may ask for.
    static let maxRetries = 1000

    /// A count such as `retries`: an integer, 0 … ``maxRetries``.
    mutating func count(_ node: Node, scope: Scope, field: String) -> Int? {
        guard case .scalar = node, node.tagName == .int, let value = node.int else {
            report(.invalidValue, "expected an integer, got \(node.kindText)", at: node, scope: scope, field: field)
            return nil
        }
        guard (0...Self.maxRetries).contains(value) else {
            report(
                .invalidValue, "must be an integer in 0 … \(Self.maxRetries), got \(value)", at: node, scope: scope,
                field: field)
            return nil
        }
        return value
    }

    mutating func duration(_ node: Node, scope: Scope, field: String) -> Duration? {
        if case .scalar(let scalar) = node, node.tagName == .str, let value = DurationText.duration(scalar.string) {
            return value
        }
        report(
            .invalidValue, "expected a duration such as 500ms, 30s or 1h30m, got \(node.kindText)", at: node,
            scope: scope, field: field)
        return nil
    }

    mutating func byteSize(_ node: Node, scope: Scope, field: String) -> Int64? {
        if case .scalar(let scalar) = node, node.tagName != .null, let bytes = ByteSize.parse(scalar.string) {
            return Int64(bytes)
        }
        report(
            .invalidValue, "expected a size such as 1000000, 512MiB or 1GiB, got \(node.kindText)", at: node,
            scope: scope, field: field)
        return nil
    }

    /// Whole seconds, written as a duration (`90s`, `2m`) or a number of seconds.
    mutating func seconds(_ node: Node, scope: Scope, field: String) -> Int64? {
        if case .scalar = node, node.tagName == .int, let value = node.int, value >= 0 { return Int64(value) }
        guard let duration = self.duration(node, scope: scope, field: field) else { return nil }
        let (seconds, attoseconds) = duration.components
        return seconds + (attoseconds > 0 ? 1 : 0)
    }

    mutating func stringList(_ node: Node, scope: Scope, field: String) -> [String]? {
        guard case .sequence(let sequence) = node else {
            report(.invalidValue, "expected a list, got \(node.kindText)", at: node, scope: scope, field: field)
            return nil
        }
        var values: [String] = []
        for element in sequence {
            guard let value = string(element, scope: scope, field: field) else { return nil }
            values.append(value)
        }
        return values
    }

    /// Environment variables: names without `=`, scalar values taken as written.
    mutating func environment(_ node: Node, scope: Scope, field: String) -> [String: String]? {
        guard let mapping = SpecMapping(node, field: field, scope: scope, allowed: nil, diagnostics: &self) else {
            return nil
        }
        var values: [String: String] = [:]
        for entry in mapping.entries {
            if entry.key.isEmpty || entry.key.contains("=") || entry.key.contains("\0") {
                let problem = "\"\(entry.key)\" is not a valid variable name"
                report(.invalidValue, problem, at: entry.keyNode, scope: scope, field: field)
                continue
            }
            if let value = string(entry.value, scope: scope, field: "\(field).\(entry.key)") {
                values[entry.key] = value
            }
        }
        return values
    }

    /// A type written as text (`int`, `list<string>`, `"struct{a: int}"`).
    mutating func type(_ node: Node, scope: Scope, field: String) -> LiteralType? {
        guard let text = string(node, scope: scope, field: field) else { return nil }
        do {
            return try LiteralType(parsing: text)
        } catch {
            report(.invalidValue, messageText(of: error, field: "type"), at: node, scope: scope, field: field)
            return nil
        }
    }
}

/// The sentence of an error from CairnCore, without its code prefix or the `field: ` it starts with.
func messageText(of error: any Error, field: String? = nil) -> String {
    guard let error = error as? CairnError else { return "\(error)" }
    if let field, error.message.hasPrefix("\(field): ") { return String(error.message.dropFirst(field.count + 2)) }
    return error.message
}
