/// Every problem found in one pass over a workflow file, a future or overrides, in the order found.
public struct CompileErrors: Error, Hashable, Sendable, CustomStringConvertible {
    /// The problems; never empty when thrown.
    public var errors: [CompileError]

    public init(_ errors: [CompileError]) {
        self.errors = errors
    }

    /// One line per problem.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
