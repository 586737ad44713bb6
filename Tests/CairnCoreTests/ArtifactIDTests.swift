import CairnCore
import Foundation
import Testing

@Suite struct ArtifactIDTests {
    static let text = "00112233-4455-6677-8899-aabbccddeeff"
    static let bytes: [UInt8] = [
        0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF,
    ]

    @Test func textRoundTripsInLowercase() throws {
        let id = try ArtifactID(parsing: Self.text)
        #expect(id.description == Self.text)
        #expect(try ArtifactID(parsing: id.description) == id)
    }

    @Test func uppercaseTextIsAcceptedAndWrittenInLowercase() throws {
        let id = try ArtifactID(parsing: Self.text.uppercased())
        #expect(id.description == Self.text)
    }

    @Test func bytesAreInNetworkOrder() throws {
        #expect(try ArtifactID(parsing: Self.text).bytes == Self.bytes)
    }

    @Test func sixteenBytesRoundTrip() throws {
        let id = try #require(ArtifactID(bytes: Self.bytes))
        #expect(id.description == Self.text)
        #expect(ArtifactID(bytes: id.bytes) == id)
    }

    @Test(arguments: [0, 15, 17, 32])
    func otherByteCountsAreRejected(_ count: Int) {
        #expect(ArtifactID(bytes: [UInt8](repeating: 1, count: count)) == nil)
    }

    @Test(arguments: [
        "", "not-a-uuid", "00112233445566778899aabbccddeeff", "00112233-4455-6677-8899-aabbccddeefg",
        "{00112233-4455-6677-8899-aabbccddeeff}", " 00112233-4455-6677-8899-aabbccddeeff",
        "00112233-4455-6677-8899-aabbccddeeff ", "00112233-4455-6677-8899_aabbccddeeff",
        "0011223-34455-6677-8899-aabbccddeeff",
    ])
    func malformedTextIsRejected(_ text: String) {
        expectCairnError(.invalidArgument, field: "artifact") { _ = try ArtifactID(parsing: text) }
    }

    @Test func randomIdentifiersRoundTripThroughTextAndBytes() throws {
        for _ in 0..<200 {
            let id = ArtifactID.random()
            #expect(try ArtifactID(parsing: id.description) == id)
            #expect(ArtifactID(bytes: id.bytes) == id)
        }
    }

    @Test func orderFollowsTheBytes() throws {
        var generator = SeededGenerator(seed: 0xA27)
        let ids = (0..<50).map { _ in ArtifactID(bytes: generator.bytes(16))! }
        let byBytes = ids.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        #expect(ids.sorted() == byBytes)
        // The text form is fixed-width lowercase hex, so it sorts the same way.
        #expect(ids.sorted().map(\.description) == ids.map(\.description).sorted())
    }
}
