/// One problem in a workflow file, a future or an override: where it is and what is wrong.
///
/// Its ``description`` reads like a compiler diagnostic:
/// `count.yaml:14: node loop: input s1: expected string, got int`.
public struct CompileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is. Opaque so that new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable {
            case syntax, unknownKey, invalidValue, duplicateName, unknownName, typeMismatch, cycle
            case unboundInput, staleFuture, malformedFuture
        }

        let base: Base

        /// The text is not well-formed YAML (or JSON).
        public static let syntax = Code(base: .syntax)
        /// A mapping has a key the format does not define (usually a typo).
        public static let unknownKey = Code(base: .unknownKey)
        /// A value has the wrong shape: a bad name, type, duration or size, an empty command, a negative count.
        public static let invalidValue = Code(base: .invalidValue)
        /// A name (node id, override name) is given twice.
        public static let duplicateName = Code(base: .duplicateName)
        /// A reference names a task, node, input, output or override that does not exist.
        public static let unknownName = Code(base: .unknownName)
        /// A bound value's type is not the type it is bound to.
        public static let typeMismatch = Code(base: .typeMismatch)
        /// Nodes depend on each other in a circle.
        public static let cycle = Code(base: .cycle)
        /// A task input has no binding and no default.
        public static let unboundInput = Code(base: .unboundInput)
        /// A cached compiled future uses a task that is gone or whose interface changed.
        public static let staleFuture = Code(base: .staleFuture)
        /// Bytes that should hold a compiled future do not.
        public static let malformedFuture = Code(base: .malformedFuture)

        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// The file (or other source, such as `--override`) the problem is in.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The task whose declaration has the problem, if any.
    public var task: String?
    /// The node whose declaration has the problem, if any.
    public var node: String?
    /// The part of the declaration, such as `input s1` or `cache.ignore_inputs`.
    public var field: String?
    /// What is wrong, in words a user can act on.
    public var message: String

    /// Creates an error; `description` joins the parts that are present.
    public init(
        _ code: Code, file: String, line: Int? = nil, task: String? = nil, node: String? = nil,
        field: String? = nil, message: String
    ) {
        self.code = code
        self.file = file
        self.line = line
        self.task = task
        self.node = node
        self.field = field
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let task { text += ": task \(task)" }
        if let node { text += ": node \(node)" }
        if let field { text += ": \(field)" }
        return text + ": " + message
    }
}
