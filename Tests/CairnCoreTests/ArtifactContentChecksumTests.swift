import CairnCore
import Testing

@Suite struct ArtifactContentChecksumTests {
    /// The documented encoding, built by hand: name length (4 bytes, big endian), name, then a tag byte,
    /// a length or size (8 bytes, big endian) and the bytes or the blob's digest.
    static func encoded(name: String, tag: UInt8, length: Int, payload: [UInt8]) -> [UInt8] {
        let count = UInt32(name.utf8.count)
        var bytes = (0..<4).reversed().map { UInt8(truncatingIfNeeded: count >> ($0 * 8)) }
        bytes += Array(name.utf8)
        bytes.append(tag)
        bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: UInt64(length) >> ($0 * 8)) }
        return bytes + payload
    }

    @Test func checksumOfNoItemsIsTheDigestOfNothing() throws {
        #expect(
            try ArtifactContent(items: []).checksum.hex
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func checksumFollowsTheDocumentedEncoding() throws {
        let reference = try blob("s3://b/x", size: 300, content: "x")
        let content = try ArtifactContent(items: [blobItem("b", reference), inlineItem("a", "hi")])
        let expected =
            Self.encoded(name: "a", tag: 0, length: 2, payload: Array("hi".utf8))
            + Self.encoded(name: "b", tag: 1, length: 300, payload: reference.sha256.bytes)
        #expect(content.checksum == SHA256Digest.of(expected))
        #expect(ArtifactContent.checksum(of: content.items) == content.checksum)
    }

    @Test func checksumDoesNotDependOnInputOrder() throws {
        var generator = SeededGenerator(seed: 0xC0FFEE)
        for _ in 0..<200 {
            let count = Int.random(in: 1...12, using: &generator)
            let names = Set((0..<count).map { _ in generator.string(from: nameAlphabet, maxLength: 8) })
            var items = try names.map {
                try DataItem.inline($0, generator.bytes(Int.random(in: 0...16, using: &generator)))
            }
            let first = try ArtifactContent(items: items)
            items.shuffle(using: &generator)
            let second = try ArtifactContent(items: items)
            #expect(first.checksum == second.checksum)
            #expect(first == second)
        }
    }

    @Test func checksumIsStableAcrossCalls() throws {
        let items = try [inlineItem("a", "1"), inlineItem("b", "2")]
        #expect(try ArtifactContent(items: items).checksum == ArtifactContent(items: items).checksum)
    }

    @Test func changingAnyInlineByteChangesTheChecksum() throws {
        let value: [UInt8] = Array("the quick brown fox".utf8)
        let original = try ArtifactContent(items: [DataItem.inline("a", value), inlineItem("b", "x")]).checksum
        for index in value.indices {
            var changed = value
            changed[index] ^= 0x01
            let checksum = try ArtifactContent(items: [DataItem.inline("a", changed), inlineItem("b", "x")]).checksum
            #expect(checksum != original, "byte \(index)")
        }
    }

    @Test func changingANameChangesTheChecksum() throws {
        let original = try ArtifactContent(items: [inlineItem("a", "1"), inlineItem("b", "2")]).checksum
        #expect(try ArtifactContent(items: [inlineItem("a", "1"), inlineItem("c", "2")]).checksum != original)
    }

    @Test func movingBytesBetweenNameAndValueChangesTheChecksum() throws {
        let one = try ArtifactContent(items: [inlineItem("a", "bc")]).checksum
        let other = try ArtifactContent(items: [inlineItem("ab", "c")]).checksum
        #expect(one != other)
    }

    @Test func movingBytesBetweenItemsChangesTheChecksum() throws {
        let one = try ArtifactContent(items: [inlineItem("a", "12"), inlineItem("b", "3")]).checksum
        let other = try ArtifactContent(items: [inlineItem("a", "1"), inlineItem("b", "23")]).checksum
        #expect(one != other)
    }

    @Test func changingABlobDigestOrSizeChangesTheChecksum() throws {
        let original = try ArtifactContent(items: [blobItem("a", blob("s3://b/x", size: 10, content: "one"))]).checksum
        let otherDigest = try ArtifactContent(items: [blobItem("a", blob("s3://b/x", size: 10, content: "two"))])
        let otherSize = try ArtifactContent(items: [blobItem("a", blob("s3://b/x", size: 11, content: "one"))])
        #expect(otherDigest.checksum != original)
        #expect(otherSize.checksum != original)
    }

    @Test func inlineAndBlobValuesNeverCollide() throws {
        // The same 32 bytes inline, and as the digest of a 32-byte blob: the tag byte tells them apart.
        let reference = try blob("s3://b/x", size: 32, content: "x")
        let inline = try ArtifactContent(items: [DataItem.inline("a", reference.sha256.bytes)]).checksum
        #expect(try ArtifactContent(items: [blobItem("a", reference)]).checksum != inline)
    }

    @Test func blobLocationAndMetadataDoNotChangeTheChecksum() throws {
        // The checksum is of content: moving a blob or editing metadata leaves it as it is.
        let here = try ArtifactContent(items: [blobItem("a", blob("s3://b/x", size: 10))], metadata: ["k": "1"])
        let there = try ArtifactContent(
            items: [blobItem("a", blob("file:///x", size: 10))],
            declaredBlobs: [blob("s3://b/extra", size: 5)], metadata: ["k": "2"])
        #expect(here.checksum == there.checksum)
    }
}
