import CairnCore

/// Random types and values for the literal property tests, drawn from a ``SeededGenerator`` so every
/// run sees the same cases. Dictionaries are only built, never iterated, so the values do not depend
/// on the process's hash seed.
struct LiteralGenerator {
    var random: SeededGenerator
    /// How deep lists, maps and structs nest.
    var maximumDepth = 4

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    mutating func type(depth: Int = 1) -> LiteralType {
        let scalars: [LiteralType] = [.int, .float, .string, .bool, .bytes, .datetime, .duration, .file]
        guard depth < maximumDepth, Int.random(in: 0..<3, using: &random) == 0 else {
            return scalars.randomElement(using: &random)!
        }
        switch Int.random(in: 0..<3, using: &random) {
        case 0: return .list(type(depth: depth + 1))
        case 1: return .map(type(depth: depth + 1))
        default:
            var fields = [String: LiteralType]()
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                fields[fieldName()] = type(depth: depth + 1)
            }
            return .structure(fields: fields)
        }
    }

    /// A value of `type`; sometimes an offloaded reference standing in for one.
    mutating func value(of type: LiteralType, depth: Int = 1) -> Literal {
        if Int.random(in: 0..<40, using: &random) == 0 {
            return .offloaded(OffloadedLiteral(uri: uri(), size: size(), sha256: digest(), type: type))
        }
        switch type {
        case .int: return .int(int())
        case .float: return .float(float())
        case .string: return .string(string())
        case .bool: return .bool(Bool.random(using: &random))
        case .bytes: return .bytes(random.bytes(Int.random(in: 0...40, using: &random)))
        case .datetime: return .datetime(nanoseconds: int())
        case .duration: return .duration(nanoseconds: int())
        case .file: return .file(FileLiteral(uri: uri(), size: size(), sha256: digest()))
        case .list(let element):
            let count = depth < maximumDepth ? Int.random(in: 0...4, using: &random) : 0
            return .list((0..<count).map { _ in value(of: element, depth: depth + 1) })
        case .map(let valueType):
            var entries = [String: Literal]()
            for _ in 0..<(depth < maximumDepth ? Int.random(in: 0...4, using: &random) : 0) {
                entries[string()] = value(of: valueType, depth: depth + 1)
            }
            return .map(entries)
        case .structure(let fields):
            var values = [String: Literal]()
            for field in fields {
                values[field.name] = value(of: field.type, depth: depth + 1)
            }
            return .structure(values)
        }
    }

    /// A value of a random type, or a list mixing types (which no type describes, but encodes).
    mutating func literal() -> Literal {
        if Int.random(in: 0..<4, using: &random) == 0 {
            return .list((0..<Int.random(in: 0...5, using: &random)).map { _ in literal() })
        }
        let type = type()
        return value(of: type)
    }

    mutating func int() -> Int64 {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return [0, 1, -1, .min, .max, 63, 64, -64, -65].randomElement(using: &random)!
        case 1: return Int64.random(in: -1000...1000, using: &random)
        default:
            let bits = Int.random(in: 0...63, using: &random)
            return Int64(bitPattern: random.next()) >> bits
        }
    }

    mutating func float() -> Double {
        let special: [Double] = [
            0, -0.0, 1, -1, 0.1, 1e-5, 1e16, .infinity, -.infinity, .nan, -.nan, .signalingNaN,
            Double(bitPattern: 0x7FF0_0000_0000_0001), Double(bitPattern: 0xFFF8_0000_0000_0000),
            .leastNonzeroMagnitude, .greatestFiniteMagnitude, .leastNormalMagnitude, 1.5,
        ]
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return special.randomElement(using: &random)!
        case 1: return Double(Int.random(in: -1000...1000, using: &random)) / 8
        default: return Double(bitPattern: random.next())
        }
    }

    /// Text mixing ASCII, escapes, Latin-1, combining marks (so some strings are not NFC), CJK and emoji.
    mutating func string() -> String {
        let pieces = [
            "a", "B", "z", "0", "_", " ", "\"", "\\", "\n", "\t", "\u{1}", "\u{7F}", "é", "e\u{301}", "A\u{30A}",
            "Å", "\u{212B}", "ñ", "n\u{303}", "ß", "中", "文", "😀", "👍🏽", "\u{2028}", "ᄀ\u{1161}", "한",
        ]
        let count = Int.random(in: 0...6, using: &random)
        return (0..<count).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    mutating func fieldName() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789_".utf8)
        return random.string(from: alphabet, maxLength: 6)
    }

    mutating func uri() -> String {
        "s3://bucket/" + random.string(from: nameAlphabet, maxLength: 12)
            + (Bool.random(using: &random) ? "e\u{301}" : "")
    }

    mutating func size() -> Int64 {
        Int64.random(in: 0...1 << 40, using: &random)
    }

    mutating func digest() -> SHA256Digest {
        SHA256Digest(bytes: random.bytes(32))!
    }
}

/// Whether two literals are the same bit for bit: floats by bit pattern, strings and keys by their
/// UTF-8 bytes (Swift's `==` calls canonically equivalent strings equal, and NaN unequal to itself).
func identical(_ left: Literal, _ right: Literal) -> Bool {
    switch (left, right) {
    case (.float(let a), .float(let b)): return a.bitPattern == b.bitPattern
    case (.string(let a), .string(let b)): return Array(a.utf8) == Array(b.utf8)
    case (.file(let a), .file(let b)): return a == b && Array(a.uri.utf8) == Array(b.uri.utf8)
    case (.list(let a), .list(let b)): return a.count == b.count && zip(a, b).allSatisfy(identical)
    case (.map(let a), .map(let b)), (.structure(let a), .structure(let b)):
        let keys = { (entries: [String: Literal]) in Set(entries.keys.map { Array($0.utf8) }) }
        return keys(a) == keys(b) && a.allSatisfy { key, value in b[key].map { identical(value, $0) } ?? false }
    default: return left == right
    }
}
