import Yams

/// A node's `map:` mapping as written: the task it runs per element, the list inputs it runs over,
/// how many elements may run at once and the share that must succeed.
struct MapSpec {
    /// One name of `over:`, with where it was written.
    struct Over {
        let name: String
        let node: Node
    }

    var task: String?
    var taskNode: Node?
    var over: [Over] = []
    /// The `over:` value itself, for errors about the list as a whole.
    var overNode: Node?
    var concurrency: Int?
    var minSuccessRatio = 1.0

    static let keys = ["task", "over", "concurrency", "min_success_ratio"]

    /// Most element processes one map node may ask for at once.
    static let maxConcurrency = 1_000_000

    /// Reads `map:`; `nil` (after reporting) when it is not a mapping.
    static func read(_ node: Node, scope: Scope, diagnostics: inout Diagnostics) -> MapSpec? {
        guard let mapping = SpecMapping(node, field: "map", scope: scope, allowed: keys, diagnostics: &diagnostics)
        else { return nil }
        var spec = MapSpec()
        if let taskNode = mapping.required("task", scope: scope, field: "map", diagnostics: &diagnostics) {
            spec.task = diagnostics.name(taskNode, scope: scope, field: "map.task")
            spec.taskNode = taskNode
        }
        if let overNode = mapping.required("over", scope: scope, field: "map", diagnostics: &diagnostics) {
            spec.overNode = overNode
            spec.over = readOver(overNode, scope: scope, diagnostics: &diagnostics)
        }
        if let concurrencyNode = mapping["concurrency"] {
            spec.concurrency = readConcurrency(concurrencyNode, scope: scope, diagnostics: &diagnostics)
        }
        if let ratioNode = mapping["min_success_ratio"],
            let ratio = readRatio(ratioNode, scope: scope, diagnostics: &diagnostics)
        {
            spec.minSuccessRatio = ratio
        }
        return spec
    }

    /// `over: [name, …]` (or one name): at least one, each an input name, none twice.
    private static func readOver(_ node: Node, scope: Scope, diagnostics: inout Diagnostics) -> [Over] {
        let field = "map.over"
        let elements: [Node]
        switch node {
        case .sequence(let sequence): elements = Array(sequence)
        case .scalar: elements = [node]
        default:
            diagnostics.report(
                .invalidValue, "expected a list of input names, got \(node.kindText)", at: node, scope: scope,
                field: field)
            return []
        }
        if elements.isEmpty {
            diagnostics.report(.invalidValue, "names no input (at least one)", at: node, scope: scope, field: field)
        }
        var over: [Over] = []
        for element in elements {
            guard let name = diagnostics.name(element, scope: scope, field: field) else { continue }
            if over.contains(where: { $0.name == name }) {
                diagnostics.report(
                    .duplicateName, "input \"\(name)\" is named twice", at: element, scope: scope, field: field)
                continue
            }
            over.append(Over(name: name, node: element))
        }
        return over
    }

    private static func readConcurrency(_ node: Node, scope: Scope, diagnostics: inout Diagnostics) -> Int? {
        let field = "map.concurrency"
        guard case .scalar = node, node.tagName == .int, let value = node.int else {
            diagnostics.report(
                .invalidValue, "expected an integer, got \(node.kindText)", at: node, scope: scope, field: field)
            return nil
        }
        guard (1...maxConcurrency).contains(value) else {
            diagnostics.report(
                .invalidValue, "must be an integer in 1 … \(maxConcurrency), got \(value)", at: node, scope: scope,
                field: field)
            return nil
        }
        return value
    }

    private static func readRatio(_ node: Node, scope: Scope, diagnostics: inout Diagnostics) -> Double? {
        let field = "map.min_success_ratio"
        guard case .scalar = node, node.tagName == .int || node.tagName == .float, let value = node.float else {
            diagnostics.report(
                .invalidValue, "expected a number, got \(node.kindText)", at: node, scope: scope, field: field)
            return nil
        }
        guard value >= 0, value <= 1 else {
            diagnostics.report(
                .invalidValue, "must be a number in 0 … 1, got \(node.scalar?.string ?? "\(value)")", at: node,
                scope: scope, field: field)
            return nil
        }
        return value
    }
}
