import CairnCore

extension SeededGenerator {
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
