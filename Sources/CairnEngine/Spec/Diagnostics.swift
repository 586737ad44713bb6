import Yams

/// The task or node whose declaration is being read, so that errors can name it.
struct Scope: Hashable, Sendable {
    var task: String?
    var node: String?

    static let workflow = Scope()
    static func task(_ name: String) -> Scope { Scope(task: name) }
    static func node(_ id: String) -> Scope { Scope(node: id) }
}

/// Collects every problem found in one file so that a single pass reports them all.
struct Diagnostics {
    let file: String
    private(set) var errors: [CompileError] = []

    init(file: String) {
        self.file = file
    }

    mutating func report(
        _ code: CompileError.Code, _ message: String, line: Int?, scope: Scope = .workflow, field: String? = nil
    ) {
        errors.append(
            CompileError(
                code, file: file, line: line, task: scope.task, node: scope.node, field: field, message: message))
    }

    mutating func report(
        _ code: CompileError.Code, _ message: String, at node: Node?, scope: Scope = .workflow, field: String? = nil
    ) {
        report(code, message, line: node?.mark?.line, scope: scope, field: field)
    }

    /// Throws ``CompileErrors`` when anything was reported.
    func check() throws {
        if !errors.isEmpty { throw CompileErrors(errors) }
    }
}
