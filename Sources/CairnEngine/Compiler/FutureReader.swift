import CairnCore

/// Reads what ``FutureWriter`` wrote, checking every length and index against the bytes.
struct FutureReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { position == bytes.count }

    static func malformed(_ message: String) -> CompileError {
        CompileError(.malformedFuture, file: "compiled future", message: message)
    }

    mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw Self.malformed("ends early at byte \(position)") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws -> Int {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 63, by: 7) {
            let next = try byte()
            value |= UInt64(next & 0x7F) << UInt64(shift)
            if next < 0x80 {
                guard value <= UInt64(Int.max) else { break }
                return Int(value)
            }
        }
        throw Self.malformed("a number at byte \(position) is too large")
    }

    /// A count of items that each take at least one byte, so that it cannot exceed what is left.
    mutating func count() throws -> Int {
        let count = try varint()
        guard count <= bytes.count - position else { throw Self.malformed("a count at byte \(position) is too large") }
        return count
    }

    mutating func data() throws -> [UInt8] {
        let count = try self.count()
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    mutating func string() throws -> String {
        let data = try self.data()
        guard let text = String(validating: data, as: UTF8.self) else {
            throw Self.malformed("a string before byte \(position) is not UTF-8")
        }
        return text
    }

    mutating func type(depth: Int = 0) throws -> LiteralType {
        guard depth < 64 else { throw Self.malformed("types nest too deeply") }
        switch try byte() {
        case 0: return .int
        case 1: return .float
        case 2: return .string
        case 3: return .bool
        case 4: return .bytes
        case 5: return .datetime
        case 6: return .duration
        case 7: return .file
        case 8: return .list(try type(depth: depth + 1))
        case 9: return .map(try type(depth: depth + 1))
        case 10:
            var fields: [LiteralType.Field] = []
            for _ in 0..<(try count()) {
                fields.append(LiteralType.Field(name: try string(), type: try type(depth: depth + 1)))
            }
            return .structure(fields)
        case let tag: throw Self.malformed("unknown type tag \(tag) at byte \(position - 1)")
        }
    }

    mutating func path() throws -> [PathStep] {
        var path: [PathStep] = []
        for _ in 0..<(try count()) {
            switch try byte() {
            case 0: path.append(.index(try varint()))
            case 1: path.append(.key(try string()))
            case let tag: throw Self.malformed("unknown path step tag \(tag) at byte \(position - 1)")
            }
        }
        return path
    }

    /// A binding; a node output must name a node before `nodeLimit`.
    mutating func binding(nodeLimit: Int, depth: Int = 0) throws -> Binding {
        guard depth < 64 else { throw Self.malformed("bindings nest too deeply") }
        switch try byte() {
        case 0:
            let encoded = try data()
            do {
                return .literal(try Literal(canonicalBytes: encoded))
            } catch {
                throw Self.malformed("a literal before byte \(position) does not decode: \(messageText(of: error))")
            }
        case 1:
            return .workflowInput(name: try string(), path: try path())
        case 2:
            let node = try varint()
            guard node < nodeLimit else { throw Self.malformed("a binding reads node \(node) out of order") }
            return .nodeOutput(node: node, output: try string(), path: try path())
        case 3:
            return .list(try (0..<count()).map { _ in try binding(nodeLimit: nodeLimit, depth: depth + 1) })
        case 4:
            return .map(try keyed(nodeLimit: nodeLimit, depth: depth + 1))
        case 5:
            return .structure(try keyed(nodeLimit: nodeLimit, depth: depth + 1))
        case let tag:
            throw Self.malformed("unknown binding tag \(tag) at byte \(position - 1)")
        }
    }

    /// Parts of a map or struct binding, each key once.
    private mutating func keyed(nodeLimit: Int, depth: Int) throws -> [String: Binding] {
        var parts: [String: Binding] = [:]
        for _ in 0..<(try count()) {
            let key = try string()
            guard parts[key] == nil else { throw Self.malformed("a binding repeats key \"\(key)\"") }
            parts[key] = try binding(nodeLimit: nodeLimit, depth: depth)
        }
        return parts
    }
}
