import Yams

/// Turns text into a YAML node tree whose nodes carry their lines, reporting syntax errors.
enum YAMLSource {
    /// The document's root, or `nil` after reporting why there is none.
    /// - Parameter emptyAllowed: whether an empty document is `nil` without an error.
    static func compose(_ text: String, emptyAllowed: Bool = false, diagnostics: inout Diagnostics) -> Node? {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                if !emptyAllowed { diagnostics.report(.syntax, "the document is empty", line: nil) }
                return nil
            }
            return root
        } catch let error as YamlError {
            let (line, message) = describe(error)
            diagnostics.report(.syntax, message, line: line)
            return nil
        } catch {
            diagnostics.report(.syntax, "invalid YAML: \(error)", line: nil)
            return nil
        }
    }

    private static func describe(_ error: YamlError) -> (line: Int?, message: String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return (mark.line, "invalid YAML: \(problem)\(during)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return (context.mark.line, "invalid YAML: duplicate key \(keys) in a mapping")
        case .reader(let problem, _, _, _):
            return (nil, "invalid YAML: \(problem)")
        default:
            return (nil, "invalid YAML: \(error)")
        }
    }
}
