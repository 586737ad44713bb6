import CairnCore

/// How a branch node chooses: its cases in order, each a condition and the node (a case node of
/// the same workflow, with id `<branch>/<case>`) that runs when it is the first to hold; the
/// last case may be an `else` without a condition. The branch node's outputs are the chosen
/// case node's outputs, in the order of ``CompiledNode/task``'s outputs.
public struct BranchSettings: Hashable, Sendable {
    /// One case of a branch.
    public struct Case: Hashable, Sendable {
        /// The case's name (the part of its node's id after `<branch>/`).
        public var name: String
        /// `nil` for the `else` case.
        public var condition: Condition?
        /// The case node's index in the workflow's nodes.
        public var node: Int

        public init(name: String, condition: Condition?, node: Int) {
            self.name = name
            self.condition = condition
            self.node = node
        }
    }

    public var cases: [Case]

    public init(cases: [Case]) {
        self.cases = cases
    }

    /// The same settings with every node index replaced by `position(index)`.
    func renumbered(_ position: (Int) -> Int) -> BranchSettings {
        BranchSettings(
            cases: cases.map {
                Case(name: $0.name, condition: $0.condition?.renumbered(position), node: position($0.node))
            })
    }
}

/// A branch case's condition: comparisons combined with `and`, `or` and `not`.
public indirect enum Condition: Hashable, Sendable {
    /// `left op right`; the compiler checked that the operands' types are compatible.
    case comparison(Operand, ComparisonOperator, Operand)
    case and(Condition, Condition)
    case or(Condition, Condition)
    case not(Condition)

    /// A side of a comparison: a binding (a reference or a literal) and how the condition wrote it.
    public struct Operand: Hashable, Sendable {
        public var binding: Binding
        /// `$inputs.n` or `10`, for error messages.
        public var text: String
        public init(binding: Binding, text: String) {
            self.binding = binding
            self.text = text
        }
    }

    /// The operands it compares, left to right.
    public var operands: [Operand] {
        switch self {
        case .comparison(let left, _, let right): return [left, right]
        case .and(let left, let right), .or(let left, let right): return left.operands + right.operands
        case .not(let inner): return inner.operands
        }
    }

    func renumbered(_ position: (Int) -> Int) -> Condition {
        switch self {
        case .comparison(let left, let op, let right):
            return .comparison(
                Operand(binding: left.binding.renumbered(position), text: left.text), op,
                Operand(binding: right.binding.renumbered(position), text: right.text))
        case .and(let left, let right): return .and(left.renumbered(position), right.renumbered(position))
        case .or(let left, let right): return .or(left.renumbered(position), right.renumbered(position))
        case .not(let inner): return .not(inner.renumbered(position))
        }
    }
}

/// `==`, `!=`, `<`, `<=`, `>`, `>=`.
public enum ComparisonOperator: String, Hashable, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// Whether it needs ordered operands (every operator but `==` and `!=`).
    public var isOrdering: Bool { self != .equal && self != .notEqual }
}
