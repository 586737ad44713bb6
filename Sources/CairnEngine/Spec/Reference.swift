import Foundation

/// A binding that names a value instead of writing it: `$inputs.<name><path>` or
/// `$<node>.<output><path>`, where the path is any sequence of `[0]`, `["key"]`, `['key']` and `.field`.
struct Reference: Hashable {
    /// What the reference starts from.
    enum Source: Hashable {
        /// The workflow's inputs (in a future: the dynamic task's inputs).
        case inputs
        /// An upstream node, by id.
        case node(String)
    }

    var source: Source
    /// The input or output name.
    var name: String
    var path: [PathStep]

    /// What a binding string is: a reference, or a literal string (`$$` escapes a leading `$`).
    enum Parsed {
        case reference(Reference)
        case literal(String)
    }

    /// Reads a binding string; a string that starts with one `$` must be a valid reference.
    /// - Returns: the parsed form, or why the reference is malformed.
    static func parse(_ text: String) -> Result<Parsed, ReferenceProblem> {
        if text.hasPrefix("$$") { return .success(.literal(String(text.dropFirst()))) }
        guard text.hasPrefix("$") else { return .success(.literal(text)) }
        var scanner = PathScanner(Substring(text.dropFirst()))
        guard let head = scanner.name(), scanner.skip("."), let name = scanner.name() else {
            return .failure(
                ReferenceProblem(
                    message: "\"\(text)\" is not a reference: expected $inputs.<name> or $<node>.<output>,"
                        + " then steps such as [0], [\"key\"] or .field (write $$ for a string starting with $)"))
        }
        var path: [PathStep] = []
        while !scanner.isAtEnd {
            guard let step = scanner.step() else {
                return .failure(
                    ReferenceProblem(
                        message:
                            "\"\(text)\" has a malformed path at \"\(scanner.rest)\": expected [0], [\"key\"] or .field"
                    ))
            }
            path.append(step)
        }
        let source: Source = head == "inputs" ? .inputs : .node(head)
        return .success(.reference(Reference(source: source, name: name, path: path)))
    }

    /// The reference as written (normalized).
    var text: String {
        let head: String
        switch source {
        case .inputs: head = "inputs"
        case .node(let id): head = id
        }
        return "$\(head).\(name)" + path.map(\.text).joined()
    }
}

/// Why a `$` string is not a reference.
struct ReferenceProblem: Error {
    let message: String
}

extension PathStep {
    /// The step as written in a reference: `[0]`, `.field`, or `["odd key"]`.
    var text: String {
        switch self {
        case .index(let index): return "[\(index)]"
        case .key(let key):
            if !key.isEmpty, key.utf8.allSatisfy(SpecName.isNameCharacter) { return ".\(key)" }
            let escaped = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "[\"\(escaped)\"]"
        }
    }
}
