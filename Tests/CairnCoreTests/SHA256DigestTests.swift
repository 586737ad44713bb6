import CairnCore
import Foundation
import Testing

@Suite struct SHA256DigestTests {
    /// FIPS 180-2 / NIST test vectors.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func digestOfKnownInputMatchesTestVector(_ input: String, _ expected: String) {
        #expect(SHA256Digest.of(Array(input.utf8)).hex == expected)
    }

    @Test func hexRoundTrips() throws {
        let hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        let digest = try SHA256Digest(hex: hex)
        #expect(digest.bytes.count == 32)
        #expect(digest.bytes.first == 0xBA)
        #expect(digest.bytes.last == 0xAD)
        #expect(digest.hex == hex)
        #expect(digest.description == hex)
    }

    @Test func uppercaseHexIsAcceptedAndWrittenInLowercase() throws {
        let hex = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"
        #expect(try SHA256Digest(hex: hex).hex == hex.lowercased())
    }

    @Test(arguments: [0, 1, 62, 63, 65, 128])
    func hexOfWrongLengthIsRejected(_ length: Int) {
        expectCairnError(.invalidArgument, field: "sha256") {
            _ = try SHA256Digest(hex: String(repeating: "a", count: length))
        }
    }

    @Test(arguments: [0, 1, 31, 62, 63])
    func nonHexCharacterAnywhereIsRejected(_ offset: Int) {
        for bad in ["g", "G", " ", "-", "x"] {
            var characters = Array(repeating: "0", count: 64)
            characters[offset] = bad
            expectCairnError(.invalidArgument, field: "sha256") {
                _ = try SHA256Digest(hex: characters.joined())
            }
        }
    }

    @Test func rejectionNamesTheGivenField() {
        expectCairnError(.invalidArgument, field: "blob sha256") {
            _ = try SHA256Digest(hex: "00", field: "blob sha256")
        }
    }

    @Test(arguments: [0, 31, 33, 64])
    func bytesOtherThanThirtyTwoAreRejected(_ count: Int) {
        #expect(SHA256Digest(bytes: [UInt8](repeating: 0, count: count)) == nil)
    }

    @Test func randomDigestsRoundTripThroughHex() throws {
        var generator = SeededGenerator(seed: 0x5A256)
        for _ in 0..<200 {
            let digest = try #require(SHA256Digest(bytes: generator.bytes(32)))
            #expect(digest.hex.utf8.count == 64)
            #expect(try SHA256Digest(hex: digest.hex) == digest)
        }
    }
}
