/// A branch case's `when:` as written: comparisons of operands, not yet resolved or type-checked,
/// combined with `and`, `or` and `not`. Read by ``parse(_:)``.
indirect enum ConditionSpec: Equatable {
    /// One side of a comparison as written.
    enum Operand: Equatable {
        /// `$inputs.n`, `$node.out[0]` (the whole text, `$` included).
        case reference(String)
        /// `'text'` or `"text"`, unescaped.
        case quoted(String)
        /// `10`, `2.5`, `true`: read as YAML would read it, against the other side's type.
        case plain(String)

        /// How the condition wrote it, for error messages.
        var text: String {
            switch self {
            case .reference(let text), .plain(let text): return text
            case .quoted(let text): return "\"" + text + "\""
            }
        }
    }

    case comparison(Operand, ComparisonOperator, Operand)
    case and(ConditionSpec, ConditionSpec)
    case or(ConditionSpec, ConditionSpec)
    case not(ConditionSpec)

    /// Reads a condition: `or` binds loosest, then `and`, then `not`; parentheses group.
    /// - Returns: the condition, or what is wrong with the text and where.
    static func parse(_ text: String) -> Result<ConditionSpec, ConditionProblem> {
        do {
            var parser = ConditionParser(tokens: try ConditionParser.tokens(of: text))
            let condition = try parser.disjunction()
            if let extra = parser.peek {
                throw ConditionProblem(message: "unexpected \(extra.text) after a complete condition")
            }
            return .success(condition)
        } catch let problem as ConditionProblem {
            return .failure(problem)
        } catch {
            return .failure(ConditionProblem(message: "\(error)"))
        }
    }
}

/// Why a `when:` is not a condition.
struct ConditionProblem: Error {
    let message: String
}
