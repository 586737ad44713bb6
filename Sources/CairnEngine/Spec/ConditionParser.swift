/// The tokenizer and recursive-descent parser behind ``ConditionSpec/parse(_:)``.
struct ConditionParser {
    enum Token: Equatable {
        case open, close
        case and, or, not
        case comparison(ComparisonOperator)
        case operand(ConditionSpec.Operand)

        var text: String {
            switch self {
            case .open: return "\"(\""
            case .close: return "\")\""
            case .and: return "\"and\""
            case .or: return "\"or\""
            case .not: return "\"not\""
            case .comparison(let op): return "\"\(op.rawValue)\""
            case .operand(let operand): return operand.text
            }
        }
    }

    private var tokens: [Token]
    private var position = 0

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    var peek: Token? { position < tokens.count ? tokens[position] : nil }

    private mutating func next() -> Token? {
        defer { position += 1 }
        return peek
    }

    /// `a or b or …`.
    mutating func disjunction() throws -> ConditionSpec {
        var condition = try conjunction()
        while peek == .or {
            position += 1
            condition = .or(condition, try conjunction())
        }
        return condition
    }

    /// `a and b and …`.
    private mutating func conjunction() throws -> ConditionSpec {
        var condition = try negation()
        while peek == .and {
            position += 1
            condition = .and(condition, try negation())
        }
        return condition
    }

    private mutating func negation() throws -> ConditionSpec {
        if peek == .not {
            position += 1
            return .not(try negation())
        }
        return try primary()
    }

    /// `( condition )` or `operand op operand`.
    private mutating func primary() throws -> ConditionSpec {
        switch next() {
        case .open:
            let inner = try disjunction()
            guard next() == .close else { throw ConditionProblem(message: "a \"(\" is not closed") }
            return inner
        case .operand(let left):
            guard case .comparison(let op) = next() else {
                throw ConditionProblem(
                    message: "expected ==, !=, <, <=, > or >= after \(left.text)"
                        + " (a condition compares two values: $inputs.n > 10)")
            }
            guard case .operand(let right) = next() else {
                throw ConditionProblem(message: "expected a value after \(op.rawValue)")
            }
            return .comparison(left, op, right)
        case nil:
            throw ConditionProblem(message: "the condition ends where a comparison or \"(\" was expected")
        case let token?:
            throw ConditionProblem(message: "unexpected \(token.text) where a comparison or \"(\" was expected")
        }
    }

    /// Splits a condition into tokens; references run until a space, parenthesis or operator
    /// outside their `[...]` steps.
    static func tokens(of text: String) throws -> [Token] {
        let characters = Array(text)
        var tokens: [Token] = []
        var index = 0
        let stops: Set<Character> = ["(", ")", "=", "!", "<", ">"]
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
                continue
            }
            switch character {
            case "(":
                tokens.append(.open)
                index += 1
            case ")":
                tokens.append(.close)
                index += 1
            case "=", "!", "<", ">":
                let two = index + 1 < characters.count ? String(characters[index...(index + 1)]) : ""
                if let op = ComparisonOperator(rawValue: two) {
                    tokens.append(.comparison(op))
                    index += 2
                } else if let op = ComparisonOperator(rawValue: String(character)) {
                    tokens.append(.comparison(op))
                    index += 1
                } else {
                    throw ConditionProblem(message: "unknown operator \"\(character)\" (use ==, !=, <, <=, > or >=)")
                }
            case "'", "\"":
                let (string, end) = try quoted(characters, from: index)
                tokens.append(.operand(.quoted(string)))
                index = end
            default:
                var end = index
                var depth = 0
                var quote: Character?
                while end < characters.count {
                    let current = characters[end]
                    if let open = quote {
                        if current == "\\" { end += 1 } else if current == open { quote = nil }
                    } else if current == "'" || current == "\"" {
                        quote = current
                    } else if current == "[" {
                        depth += 1
                    } else if current == "]" {
                        depth -= 1
                    } else if depth == 0, current.isWhitespace || stops.contains(current) {
                        break
                    }
                    end += 1
                }
                let word = String(characters[index..<min(end, characters.count)])
                index = end
                switch word {
                case "and": tokens.append(.and)
                case "or": tokens.append(.or)
                case "not": tokens.append(.not)
                default: tokens.append(.operand(word.hasPrefix("$") ? .reference(word) : .plain(word)))
                }
            }
        }
        return tokens
    }

    /// A string in `'…'` or `"…"` starting at `start`, with `\` escaping the next character.
    private static func quoted(_ characters: [Character], from start: Int) throws -> (String, Int) {
        let open = characters[start]
        var string = ""
        var index = start + 1
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                string.append(characters[index + 1])
                index += 2
                continue
            }
            if character == open { return (string, index + 1) }
            string.append(character)
            index += 1
        }
        throw ConditionProblem(message: "a string starting with \(open) is not closed")
    }
}
