extension Literal {
    /// Whether this value is of `type`. An offloaded value conforms if its recorded type is `type`;
    /// an empty list or map conforms to every list or map type; a struct needs exactly the fields.
    public func conforms(to type: LiteralType) -> Bool {
        switch (self, type) {
        case (.int, .int), (.float, .float), (.string, .string), (.bool, .bool), (.bytes, .bytes),
            (.datetime, .datetime), (.duration, .duration), (.file, .file):
            return true
        case (.list(let values), .list(let element)):
            return values.allSatisfy { $0.conforms(to: element) }
        case (.map(let entries), .map(let valueType)):
            return entries.values.allSatisfy { $0.conforms(to: valueType) }
        case (.structure(let values), .structure(let fields)):
            return values.count == fields.count
                && fields.allSatisfy { field in values[field.name]?.conforms(to: field.type) ?? false }
        case (.offloaded(let reference), _):
            return reference.type.isEquivalent(to: type)
        default:
            return false
        }
    }

    /// Throws unless this value ``conforms(to:)`` `type`, naming the deepest place that does not.
    /// - Parameter path: where this value is, e.g. `outputs.counts`; errors extend it with `[3]`
    ///   for list elements, `["key"]` for map entries and `.name` for struct fields.
    /// - Throws: ``CairnError/Code/invalidArgument`` about that path, e.g.
    ///   `outputs.counts[3].name: expected int, got string "abc"`.
    public func check(against type: LiteralType, path: String) throws {
        if conforms(to: type) { return }
        switch (self, type) {
        case (.list(let values), .list(let element)):
            for (index, value) in values.enumerated() {
                try value.check(against: element, path: "\(path)[\(index)]")
            }
        case (.map(let entries), .map(let valueType)):
            for key in entries.keys.sorted(by: Self.utf8Precedes) {
                try entries[key]!.check(against: valueType, path: "\(path)[\(Self.quoted(key))]")
            }
        case (.structure(let values), .structure(let fields)):
            for field in LiteralType.sortedFields(fields) {
                guard let value = values[field.name] else {
                    throw CairnError.invalid("\(path).\(field.name)", "missing; expected \(field.type)")
                }
                try value.check(against: field.type, path: "\(path).\(field.name)")
            }
            let names = Set(fields.map(\.name))
            if let extra = values.keys.sorted(by: Self.utf8Precedes).first(where: { !names.contains($0) }) {
                throw CairnError.invalid(path, "has the field \(Self.quoted(extra)), which \(type) does not")
            }
        default:
            break
        }
        throw CairnError.invalid(path, "expected \(type), got \(summary)")
    }
}
