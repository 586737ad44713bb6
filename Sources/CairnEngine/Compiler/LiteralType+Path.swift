import CairnCore

extension LiteralType {
    /// The type of the value `path` leads to inside a value of this type.
    ///
    /// `[i]` steps into a list; a key (`["k"]` or `.k`) steps into a map's values or names a struct's field.
    /// - Returns: the type at the end of the path, or why a step does not apply.
    func following(_ path: [PathStep]) -> Result<LiteralType, PathProblem> {
        var current = self
        for step in path {
            switch (step, current) {
            case (.index, .list(let element)):
                current = element
            case (.key, .map(let value)):
                current = value
            case (.key(let key), .structure(let fields)):
                guard let field = fields.first(where: { $0.name == key }) else {
                    let names = fields.map(\.name).joined(separator: ", ")
                    return .failure(PathProblem(message: "\(current) has no field \"\(key)\" (fields: \(names))"))
                }
                current = field.type
            case (.index, _):
                return .failure(PathProblem(message: "path step \(step.text) needs a list, got \(current)"))
            case (.key, _):
                return .failure(PathProblem(message: "path step \(step.text) needs a map or struct, got \(current)"))
            }
        }
        return .success(current)
    }
}

/// Why a reference's path does not fit the referenced value's type.
struct PathProblem: Error {
    let message: String
}
