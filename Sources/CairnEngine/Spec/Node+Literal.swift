import CairnCore
import Yams

extension Node {
    /// The node's value as a literal of `type` (the JSON form of each type, see `docs/workflows.md`).
    /// - Parameter label: how error messages name the value, such as `input s1`.
    /// - Returns: the literal, or the reason it does not fit the type (a nested part named
    ///   `at [3].name` relative to the value).
    func literal(as type: LiteralType, label: String) -> Result<Literal, LiteralProblem> {
        do {
            return .success(try Literal(jsonValue: any, as: type, path: label))
        } catch {
            var message = messageText(of: error)
            if message.hasPrefix(label) {
                let rest = message.dropFirst(label.count)
                message = rest.hasPrefix(": ") ? String(rest.dropFirst(2)) : "at \(rest)"
            }
            return .failure(LiteralProblem(message: message))
        }
    }

    /// The node's value as a literal without a declared type (`task_config`): mappings become maps,
    /// lists lists, and scalars ints, floats, bools or strings as YAML reads them.
    func untypedLiteral() -> Result<Literal, LiteralProblem> {
        switch self {
        case .mapping(let mapping):
            var values: [String: Literal] = [:]
            for (key, value) in mapping {
                guard let name = key.scalar?.string else {
                    return .failure(LiteralProblem(message: "keys must be strings"))
                }
                switch value.untypedLiteral() {
                case .success(let literal): values[name] = literal
                case .failure(let problem): return .failure(problem)
                }
            }
            return .success(.map(values))
        case .sequence(let sequence):
            var values: [Literal] = []
            for element in sequence {
                switch element.untypedLiteral() {
                case .success(let literal): values.append(literal)
                case .failure(let problem): return .failure(problem)
                }
            }
            return .success(.list(values))
        case .scalar(let scalar):
            switch tagName {
            case .null: return .failure(LiteralProblem(message: "null is not a value"))
            case .int: return int.map { .success(.int(Int64($0))) } ?? .success(.string(scalar.string))
            case .float: return float.map { .success(.float($0)) } ?? .success(.string(scalar.string))
            case .bool: return bool.map { .success(.bool($0)) } ?? .success(.string(scalar.string))
            default: return .success(.string(scalar.string))
            }
        case .alias:
            return .failure(LiteralProblem(message: "aliases are not supported here"))
        }
    }
}

/// Why a value is not a literal of the expected type.
struct LiteralProblem: Error {
    let message: String
}
