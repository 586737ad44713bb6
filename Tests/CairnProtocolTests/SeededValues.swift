import CairnCore
import CairnProtocol
import NIOCore

/// Random reply values from a seed, for round-trip tests.
struct SeededValues {
    var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    mutating func value(depth: Int) -> RESPValue {
        let kinds = depth < 4 ? 10 : 7
        switch Int.random(in: 0..<kinds, using: &generator) {
        case 0: return .simpleString(text())
        case 1: return .error("ERR " + text())
        case 2: return .integer(Int64.random(in: .min ... .max, using: &generator))
        case 3: return .bulk(bytes: generator.bytes(Int.random(in: 0..<40, using: &generator)))
        case 4: return .null
        case 5: return .double(Double.random(in: -1e12...1e12, using: &generator))
        case 6: return .boolean(Bool.random(using: &generator))
        case 7, 8:
            return .array((0..<Int.random(in: 0..<5, using: &generator)).map { _ in value(depth: depth + 1) })
        default:
            return .map(
                (0..<Int.random(in: 0..<4, using: &generator)).map { _ in
                    (key: .bulk(text()), value: value(depth: depth + 1))
                })
        }
    }

    private mutating func text() -> String {
        String(
            (0..<Int.random(in: 0..<12, using: &generator)).map { _ in "abcxyz 019-:".randomElement(using: &generator)!
            })
    }

    /// What a value becomes after a trip through RESP2, where maps, doubles and booleans have no type of their own.
    static func asRESP2(_ value: RESPValue) -> RESPValue {
        switch value {
        case .array(let values): return .array(values.map(asRESP2))
        case .map(let pairs): return .array(pairs.flatMap { [asRESP2($0.key), asRESP2($0.value)] })
        case .double(let number): return .bulk(String(number))  // finite here: the encoder's decimal text
        case .boolean(let flag): return .integer(flag ? 1 : 0)
        default: return value
        }
    }
}
