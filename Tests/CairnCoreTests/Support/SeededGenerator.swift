/// A small deterministic random number generator (SplitMix64), so property tests draw the same
/// cases on every run and a failure can be reproduced from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// `count` random bytes.
    mutating func bytes(_ count: Int) -> [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(count)
        while result.count < count {
            var word = next()
            for _ in 0..<min(8, count - result.count) {
                result.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        return result
    }

    /// A string of 1...`maxLength` characters drawn from `alphabet`.
    mutating func string(from alphabet: [UInt8], maxLength: Int) -> String {
        let length = Int.random(in: 1...maxLength, using: &self)
        let bytes = (0..<length).map { _ in alphabet.randomElement(using: &self)! }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The bytes ``CairnCore/Identifier/isNameCharacter(_:)`` is documented to accept.
let nameAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-:+=@".utf8)

/// The bytes ``CairnCore/Identifier/isVisibleCharacter(_:)`` is documented to accept: `!` through `~`.
let visibleAlphabet = Array(UInt8(ascii: "!")...UInt8(ascii: "~"))
