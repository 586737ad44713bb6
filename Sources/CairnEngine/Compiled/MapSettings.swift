import CairnCore

/// How a map node runs its task: once per element of the list inputs named in ``over`` (the
/// other inputs are passed whole to every element). Its outputs are lists in element order.
public struct MapSettings: Hashable, Sendable {
    /// The task inputs bound to lists, one element per run; all must have the same length.
    public var over: [String]
    /// Most element processes of this node at once; `nil` for as many as `--parallelism` allows.
    public var concurrency: Int?
    /// The share of elements that must succeed, 0 … 1. Below 1, a failed element's outputs are
    /// empty lists (see ``outputType(_:)``) and the node fails only below the ratio.
    public var minSuccessRatio: Double

    public init(over: [String], concurrency: Int? = nil, minSuccessRatio: Double = 1) {
        self.over = over
        self.concurrency = concurrency
        self.minSuccessRatio = minSuccessRatio
    }

    /// Whether a failed element leaves a gap instead of failing the node.
    public var toleratesFailures: Bool { minSuccessRatio < 1 }

    /// The node's output type for its task's output `type`: `list<T>`, or, when failures are
    /// tolerated, `list<list<T>>` whose element is `[value]` for a success and `[]` for a failure
    /// (an optional value as a list of zero or one, since literals have no null).
    public func outputType(_ type: LiteralType) -> LiteralType {
        toleratesFailures ? .list(.list(type)) : .list(type)
    }

    /// The least number of `count` elements that must succeed.
    public func required(of count: Int) -> Int {
        // Less a hair, so that 0.9 of 1,000 is 900 whatever the rounding of 0.9 · 1000.
        max(0, Int((minSuccessRatio * Double(count) - 1e-9).rounded(.up)))
    }
}
