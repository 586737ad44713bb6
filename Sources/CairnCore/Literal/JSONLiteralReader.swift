import Foundation

/// Typed conversion of parsed JSON or YAML into literals: the work behind
/// ``Literal/init(jsonValue:as:path:file:)``. The type drives the walk, so errors name the deepest
/// path that does not fit.
struct JSONLiteralReader {
    var file: ((String) throws -> FileLiteral)?

    func read(_ value: Any, as type: LiteralType, path: String) throws -> Literal {
        let input = JSONInput(value)
        if case .object(let object) = input, object.count == 1, let reference = object["$offloaded"] {
            let offloaded = try readOffloaded(reference, path: path + ".$offloaded")
            guard offloaded.type.isEquivalent(to: type) else {
                throw CairnError.invalid(path, "expected \(type), got offloaded \(offloaded.type)")
            }
            return .offloaded(offloaded)
        }
        func mismatch() -> CairnError {
            CairnError.invalid(path, "expected \(type), got \(input.summary)")
        }
        switch (type, input) {
        case (.int, .integer(let value)):
            return .int(value)
        case (.int, .number(let value)):
            let problem = value.rounded() == value ? "is out of the int range" : "is not an integer"
            throw CairnError.invalid(path, "expected int, got number \(value), which \(problem)")
        case (.float, .integer(let value)):
            return .float(Double(value))
        case (.float, .number(let value)):
            return .float(Literal.normalizedFloat(value))
        case (.float, .string("NaN")):
            return .float(Literal.canonicalNaN)
        case (.float, .string("Infinity")):
            return .float(.infinity)
        case (.float, .string("-Infinity")):
            return .float(-.infinity)
        case (.string, .string(let text)):
            return .string(Literal.nfc(text))
        case (.bool, .bool(let value)):
            return .bool(value)
        case (.bytes, .string(let text)):
            guard let data = Data(base64Encoded: text) else {
                throw CairnError.invalid(path, "expected bytes as base64, got \(input.summary)")
            }
            return .bytes(Array(data))
        case (.bytes, .data(let data)):
            return .bytes(data)
        case (.datetime, .string(let text)):
            return .datetime(nanoseconds: try Self.parsed(RFC3339.parse(text), text, path: path))
        case (.datetime, .date(let date)):
            guard let nanoseconds = RFC3339.nanoseconds(from: date) else {
                throw CairnError.invalid(path, "datetime \(date) is outside the range 1677-09-21 to 2262-04-11")
            }
            return .datetime(nanoseconds: nanoseconds)
        case (.duration, .string(let text)):
            return .duration(nanoseconds: try Self.parsed(DurationText.parse(text), text, path: path))
        case (.duration, .integer(let seconds)):
            let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
            guard !overflow else { throw CairnError.invalid(path, "duration of \(seconds)s is out of range") }
            return .duration(nanoseconds: nanoseconds)
        case (.duration, .number(let seconds)):
            guard let nanoseconds = Int64(exactly: (seconds * 1e9).rounded()) else {
                throw CairnError.invalid(path, "duration of \(seconds)s is out of range")
            }
            return .duration(nanoseconds: nanoseconds)
        case (.file, .object(let object)):
            return .file(try readFile(object, path: path))
        case (.file, .string(let text)):
            guard let file else {
                let hint = "give an object with \"path\", \"size\" and \"sha256\""
                throw CairnError.invalid(
                    path, "got the file path \(Literal.quoted(text)), which cannot be hashed here; \(hint)")
            }
            return .file(try file(text))
        case (.list(let element), .array(let values)):
            var literals = [Literal]()
            literals.reserveCapacity(values.count)
            for (index, value) in values.enumerated() {
                literals.append(try read(value, as: element, path: "\(path)[\(index)]"))
            }
            return .list(literals)
        case (.map(let valueType), .object(let object)):
            var entries = [String: Literal](minimumCapacity: object.count)
            for (key, value) in object {
                entries[Literal.nfc(key)] = try read(value, as: valueType, path: "\(path)[\(Literal.quoted(key))]")
            }
            return .map(entries)
        case (.structure(let fields), .object(let object)):
            return .structure(try readStructure(object, fields: fields, type: type, path: path))
        default:
            throw mismatch()
        }
    }

    private func readStructure(
        _ object: [String: Any], fields: [LiteralType.Field], type: LiteralType, path: String
    ) throws -> [String: Literal] {
        var result = [String: Literal](minimumCapacity: fields.count)
        for field in fields {
            guard let value = object[field.name] else {
                throw CairnError.invalid("\(path).\(field.name)", "missing; expected \(field.type)")
            }
            result[field.name] = try read(value, as: field.type, path: "\(path).\(field.name)")
        }
        if object.count > result.count {
            let extra = object.keys.sorted().first { result[$0] == nil }!
            throw CairnError.invalid(path, "has the field \(Literal.quoted(extra)), which \(type) does not")
        }
        return result
    }

    private func readFile(_ object: [String: Any], path: String) throws -> FileLiteral {
        try Self.expectKeys(object, allowed: ["path", "uri", "size", "sha256"], path: path)
        guard (object["path"] == nil) != (object["uri"] == nil) else {
            throw CairnError.invalid(path, "a file needs exactly one of \"path\" and \"uri\"")
        }
        let uriKey = object["path"] == nil ? "uri" : "path"
        guard case .string(let uri) = JSONInput(object[uriKey]!) else {
            throw CairnError.invalid("\(path).\(uriKey)", "expected string, got \(JSONInput(object[uriKey]!).summary)")
        }
        return FileLiteral(
            uri: uri, size: try Self.size(object["size"], path: "\(path).size"),
            sha256: try Self.digest(object["sha256"], path: "\(path).sha256"))
    }

    private func readOffloaded(_ value: Any, path: String) throws -> OffloadedLiteral {
        guard case .object(let object) = JSONInput(value) else {
            throw CairnError.invalid(path, "expected an object, got \(JSONInput(value).summary)")
        }
        try Self.expectKeys(object, allowed: ["uri", "size", "sha256", "type"], path: path)
        guard let uriValue = object["uri"], case .string(let uri) = JSONInput(uriValue) else {
            throw CairnError.invalid("\(path).uri", "expected a string")
        }
        guard let typeValue = object["type"], case .string(let typeText) = JSONInput(typeValue) else {
            throw CairnError.invalid("\(path).type", "expected a type such as \"list<int>\"")
        }
        return OffloadedLiteral(
            uri: uri, size: try Self.size(object["size"], path: "\(path).size"),
            sha256: try Self.digest(object["sha256"], path: "\(path).sha256"),
            type: try LiteralType(parsing: typeText))
    }

    private static func expectKeys(_ object: [String: Any], allowed: Set<String>, path: String) throws {
        if let unexpected = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw CairnError.invalid(path, "has the unexpected key \(Literal.quoted(unexpected))")
        }
    }

    private static func size(_ value: Any?, path: String) throws -> Int64 {
        guard let value, case .integer(let size) = JSONInput(value), size >= 0 else {
            throw CairnError.invalid(path, "expected a size in bytes (an integer, 0 or more)")
        }
        return size
    }

    private static func digest(_ value: Any?, path: String) throws -> SHA256Digest {
        guard let value, case .string(let hex) = JSONInput(value) else {
            throw CairnError.invalid(path, "expected 64 hex digits")
        }
        return try SHA256Digest(hex: hex, field: path)
    }

    private static func parsed(
        _ result: Result<Int64, RFC3339.ParseProblem>, _ text: String, path: String
    ) throws -> Int64 {
        switch result {
        case .success(let value): return value
        case .failure(let problem): throw CairnError.invalid(path, "\(Literal.quoted(text)) \(problem.message)")
        }
    }
}
