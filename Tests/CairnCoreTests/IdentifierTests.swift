import CairnCore
import Testing

@Suite struct IdentifierTests {
    @Test func nameCharactersAreExactlyTheDocumentedAlphabet() {
        let allowed = Set(nameAlphabet)
        for byte in UInt8.min...UInt8.max {
            #expect(Identifier.isNameCharacter(byte) == allowed.contains(byte), "byte \(byte)")
        }
    }

    @Test func visibleCharactersAreExclamationMarkThroughTilde() {
        for byte in UInt8.min...UInt8.max {
            #expect(Identifier.isVisibleCharacter(byte) == (0x21...0x7E).contains(byte), "byte \(byte)")
        }
    }

    @Test func nameOfExactlyTheMaximumLengthIsAccepted() throws {
        try Identifier.validateName(String(repeating: "a", count: 10), field: "thing", maxLength: 10)
    }

    @Test func nameOneByteOverTheMaximumIsRejected() {
        expectCairnError(.invalidArgument, field: "thing") {
            try Identifier.validateName(String(repeating: "a", count: 11), field: "thing", maxLength: 10)
        }
    }

    @Test func lengthIsCountedInUTF8Bytes() {
        // Two characters, four bytes: too long for a limit of three even before the alphabet check.
        let error = expectCairnError(.invalidArgument, field: "thing") {
            try Identifier.validateToken("éé", field: "thing", maxLength: 3)
        }
        #expect(error?.message.contains("4 bytes") == true)
    }

    @Test func emptyNameIsRejected() {
        expectCairnError(.invalidArgument, field: "thing") {
            try Identifier.validateName("", field: "thing", maxLength: 10)
        }
    }

    @Test func rejectionNamesTheOffsetOfTheFirstBadCharacter() {
        let error = expectCairnError(.invalidArgument, field: "thing") {
            try Identifier.validateName("abc def", field: "thing", maxLength: 10)
        }
        #expect(error?.message.contains("offset 3") == true)
    }

    @Test(arguments: ["a b", "a/b", "a\tb", "a\nb", "é", "a\u{0}b", "a,b", "a*b"])
    func nameWithCharacterOutsideTheAlphabetIsRejected(_ value: String) {
        expectCairnError(.invalidArgument, field: "thing") {
            try Identifier.validateName(value, field: "thing", maxLength: 10)
        }
    }

    @Test(arguments: ["a/b", "sha256/ab", "x*y", "~!", "#tag"])
    func tokenAcceptsVisiblePunctuationThatNamesDoNot(_ value: String) throws {
        try Identifier.validateToken(value, field: "thing", maxLength: 10)
        #expect(throws: CairnError.self) { try Identifier.validateName(value, field: "thing", maxLength: 10) }
    }

    @Test(arguments: ["a b", "\t", "a\u{7F}", "é", ""])
    func tokenRejectsSpacesControlCharactersAndNonASCII(_ value: String) {
        expectCairnError(.invalidArgument, field: "thing") {
            try Identifier.validateToken(value, field: "thing", maxLength: 10)
        }
    }

    @Test func randomNamesFromTheAlphabetAreAccepted() throws {
        var generator = SeededGenerator(seed: 0x1D_E471)
        for _ in 0..<200 {
            let name = generator.string(from: nameAlphabet, maxLength: 64)
            try Identifier.validateName(name, field: "thing", maxLength: 64)
            try Identifier.validateToken(name, field: "thing", maxLength: 64)
        }
    }

    @Test func randomNamesWithOneForeignByteAreRejected() {
        var generator = SeededGenerator(seed: 0xBAD_C4A2)
        let allowed = Set(nameAlphabet)
        let foreign = (UInt8(0)...0x7F).filter { !allowed.contains($0) }
        for _ in 0..<200 {
            var bytes = Array(generator.string(from: nameAlphabet, maxLength: 63).utf8)
            let position = Int.random(in: 0...bytes.count, using: &generator)
            bytes.insert(foreign.randomElement(using: &generator)!, at: position)
            let name = String(decoding: bytes, as: UTF8.self)
            #expect(throws: CairnError.self, "\(Array(name.utf8))") {
                try Identifier.validateName(name, field: "thing", maxLength: 64)
            }
        }
    }
}
