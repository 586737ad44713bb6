/// Orders nodes so that each comes after the nodes it reads, keeping file order wherever the
/// dependencies allow it, and finds the cycles that make an order impossible.
enum DependencyOrder {
    /// - Parameter dependencies: for each node, the indices of the nodes it reads.
    /// - Returns: the nodes in order (those on or behind a cycle left out) and each cycle found,
    ///   as node indices starting at its smallest, each reading the next and the last the first.
    static func sort(_ dependencies: [[Int]]) -> (order: [Int], cycles: [[Int]]) {
        var waiting = dependencies.map { Set($0).count }
        var dependents = Array(repeating: [Int](), count: dependencies.count)
        for (node, inputs) in dependencies.enumerated() {
            for input in Set(inputs) { dependents[input].append(node) }
        }
        // Always taking the smallest ready index keeps file order when it is already valid.
        var ready = waiting.indices.filter { waiting[$0] == 0 }
        var order: [Int] = []
        while !ready.isEmpty {
            let node = ready.removeFirst()
            order.append(node)
            for dependent in dependents[node] {
                waiting[dependent] -= 1
                if waiting[dependent] == 0 {
                    let position = ready.firstIndex { $0 > dependent } ?? ready.endIndex
                    ready.insert(dependent, at: position)
                }
            }
        }
        return (order, cycles(dependencies, placed: Set(order)))
    }

    /// Every node left unplaced reads another unplaced node; following those edges always ends in a cycle.
    private static func cycles(_ dependencies: [[Int]], placed: Set<Int>) -> [[Int]] {
        var explored = Set<Int>()
        var found: [[Int]] = []
        for start in dependencies.indices where !placed.contains(start) && !explored.contains(start) {
            var path: [Int] = []
            var position: [Int: Int] = [:]
            var current = start
            while !explored.contains(current) {
                if let index = position[current] {
                    let cycle = Array(path[index...])
                    let smallest = cycle.firstIndex(of: cycle.min()!)!
                    found.append(Array(cycle[smallest...] + cycle[..<smallest]))
                    break
                }
                position[current] = path.count
                path.append(current)
                current = dependencies[current].filter { !placed.contains($0) }.min()!
            }
            explored.formUnion(path)
        }
        return found
    }
}
