import CairnCore
import Foundation
import Testing

@Suite struct LiteralPropertyTests {
    @Test func decodingTheEncodingGivesTheNormalisedValue() throws {
        var generator = LiteralGenerator(seed: 0xC0DEC)
        for _ in 0..<2000 {
            let value = generator.literal()
            let bytes = value.canonicalBytes()
            let decoded = try Literal(canonicalBytes: bytes)
            #expect(identical(decoded, value.normalized()), "\(value)")
            #expect(decoded.canonicalBytes() == bytes, "\(value)")
            #expect(value.normalized().canonicalBytes() == bytes, "\(value)")
        }
    }

    @Test func encodingIgnoresTheOrderMapsWereBuiltIn() {
        var generator = LiteralGenerator(seed: 0x0DE4)
        for _ in 0..<300 {
            let value = generator.literal()
            var shuffler = SeededGenerator(seed: generator.random.next())
            let rebuilt = Self.rebuilt(value, shuffling: &shuffler)
            #expect(rebuilt.canonicalBytes() == value.canonicalBytes(), "\(value)")
            #expect(rebuilt.contentDigest == value.contentDigest)
            #expect(rebuilt.jsonText() == value.jsonText())
        }
    }

    /// The same value with every map and struct rebuilt from its entries in a shuffled order and
    /// with a different capacity, so the dictionaries iterate in another order.
    static func rebuilt(_ value: Literal, shuffling random: inout SeededGenerator) -> Literal {
        func rebuild(_ entries: [String: Literal]) -> [String: Literal] {
            let keys = entries.keys.sorted().shuffled(using: &random)
            var result = [String: Literal](minimumCapacity: Int.random(in: 0...64, using: &random))
            for key in keys { result[key] = rebuilt(entries[key]!, shuffling: &random) }
            return result
        }
        switch value {
        case .list(let values): return .list(values.map { rebuilt($0, shuffling: &random) })
        case .map(let entries): return .map(rebuild(entries))
        case .structure(let fields): return .structure(rebuild(fields))
        default: return value
        }
    }

    @Test func keysAreWrittenInUTF8ByteOrder() {
        var generator = LiteralGenerator(seed: 0x0B7E)
        for _ in 0..<2000 {
            let keys = [generator.string(), generator.string()].map {
                Array($0.precomposedStringWithCanonicalMapping.utf8)
            }
            guard keys[0] != keys[1] else { continue }
            let strings = keys.map { String(decoding: $0, as: UTF8.self) }
            let bytes = Literal.map([strings[0]: .int(0), strings[1]: .int(1)]).canonicalBytes()
            // 0A 02, then the first key's length and bytes (the generator's strings are under 128 bytes).
            let first = Array(bytes[3..<3 + Int(bytes[2])])
            #expect(first == (keys[0].lexicographicallyPrecedes(keys[1]) ? keys[0] : keys[1]), "\(strings)")
        }
    }

    /// Pins the encoding of a whole random corpus: a change to the format, or a dependence on the
    /// process's hash seed, changes this digest.
    @Test func encodingOfASeededCorpusIsStable() {
        var generator = LiteralGenerator(seed: 0x5EED)
        var bytes = [UInt8]()
        for _ in 0..<200 {
            generator.literal().encode(into: &bytes)
        }
        #expect(SHA256Digest.of(bytes).hex == "cdfa37bfd20625d70e970bcdcf9e2d90231c4ded5ae46c7d5af6ef0d3efcf60d")
    }

    @Test func everyTruncationIsRejected() {
        var generator = LiteralGenerator(seed: 0x7A11)
        for _ in 0..<300 {
            let bytes = generator.literal().canonicalBytes()
            // The encoding is prefix-free, so no proper prefix is a whole value.
            for length in 0..<bytes.count {
                expectCairnError(.invalidArgument, field: "literal") {
                    _ = try Literal(canonicalBytes: Array(bytes[..<length]))
                }
            }
        }
    }

    @Test func corruptedEncodingsDecodeCanonicallyOrThrow() {
        var generator = LiteralGenerator(seed: 0xF11B)
        for round in 0..<3000 {
            var bytes = generator.literal().canonicalBytes()
            for _ in 0..<Int.random(in: 1...3, using: &generator.random) {
                let index = Int.random(in: 0..<bytes.count, using: &generator.random)
                switch Int.random(in: 0..<4, using: &generator.random) {
                case 0: bytes[index] ^= 1 << UInt8.random(in: 0...7, using: &generator.random)
                case 1: bytes[index] = UInt8.random(in: 0...255, using: &generator.random)
                case 2: bytes.insert(UInt8.random(in: 0...255, using: &generator.random), at: index)
                default: if bytes.count > 1 { bytes.remove(at: index) }
                }
            }
            Self.expectCanonicalOrRejected(bytes, "round \(round)")
        }
    }

    @Test func randomBytesDecodeCanonicallyOrThrow() {
        var random = SeededGenerator(seed: 0xB17E5)
        for round in 0..<5000 {
            var bytes = random.bytes(Int.random(in: 0...24, using: &random))
            // Mostly valid tags up front, so the decoder gets past the first byte.
            if !bytes.isEmpty { bytes[0] = UInt8.random(in: 0x01...0x0E, using: &random) }
            Self.expectCanonicalOrRejected(bytes, "round \(round)")
        }
    }

    static func expectCanonicalOrRejected(_ bytes: [UInt8], _ comment: Comment) {
        do {
            let decoded = try Literal(canonicalBytes: bytes)
            #expect(decoded.canonicalBytes() == bytes, comment)
        } catch let error as CairnError {
            #expect(error.code == .invalidArgument && error.field == "literal", comment)
        } catch {
            Issue.record("unexpected error \(error), \(comment)")
        }
    }

    @Test func randomTypedValuesConformAndRoundTripThroughJSON() throws {
        var generator = LiteralGenerator(seed: 0x15_0A)
        for _ in 0..<3000 {
            let type = generator.type()
            let value = generator.value(of: type)
            #expect(value.conforms(to: type), "\(value) as \(type)")
            try value.check(against: type, path: "value")
            let text = value.jsonText()
            let decoded = try Literal(jsonText: text, as: type)
            #expect(identical(decoded, value.normalized()), "\(text) as \(type)")
            #expect(decoded.jsonText() == text)
        }
    }

    @Test func contentDigestIsTheHashOfTheEncodingWithoutFilesOrOffloadedValues() {
        var generator = LiteralGenerator(seed: 0xD16E)
        var checked = 0
        for _ in 0..<1000 {
            let value = generator.literal()
            guard !Self.holdsReference(value) else { continue }
            #expect(value.contentDigest == SHA256Digest.of(value.canonicalBytes()))
            checked += 1
        }
        #expect(checked > 300)
    }

    static func holdsReference(_ value: Literal) -> Bool {
        switch value {
        case .file, .offloaded: true
        case .list(let values): values.contains(where: holdsReference)
        case .map(let entries), .structure(let entries): entries.values.contains(where: holdsReference)
        default: false
        }
    }
}
