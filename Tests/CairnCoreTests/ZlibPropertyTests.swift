import CairnCore
import Testing

@Suite struct ZlibPropertyTests {
    /// Random bytes, runs of one byte, or a mix: so both the literal and the match paths of deflate run.
    static func sample(_ generator: inout SeededGenerator) -> [UInt8] {
        let length = Int.random(in: 0...8192, using: &generator)
        switch Int.random(in: 0..<3, using: &generator) {
        case 0:
            return generator.bytes(length)
        case 1:
            return [UInt8](repeating: UInt8.random(in: 0...255, using: &generator), count: length)
        default:
            var bytes = [UInt8]()
            while bytes.count < length {
                let run = Int.random(in: 1...64, using: &generator)
                bytes +=
                    Bool.random(using: &generator)
                    ? generator.bytes(run) : [UInt8](repeating: UInt8.random(in: 0...3, using: &generator), count: run)
            }
            return bytes
        }
    }

    @Test func randomInputsRoundTrip() throws {
        var generator = SeededGenerator(seed: 0x2_1B_2001)
        for _ in 0..<200 {
            let input = Self.sample(&generator)
            let level = Int32.random(in: 0...9, using: &generator)
            #expect(
                try Zlib.decompress(Zlib.compress(input, level: level)) == input,
                "\(input.count) bytes at level \(level)")
        }
    }

    @Test func compressionIsDeterministic() throws {
        var generator = SeededGenerator(seed: 0xDE7)
        for _ in 0..<50 {
            let input = Self.sample(&generator)
            #expect(try Zlib.compress(input) == Zlib.compress(input))
        }
    }

    @Test func randomlyCorruptedInputNeverYieldsOtherData() throws {
        var generator = SeededGenerator(seed: 0xB17F11B)
        for _ in 0..<200 {
            let input = generator.bytes(Int.random(in: 1...512, using: &generator))
            var compressed = try Zlib.compress(input)
            let index = Int.random(in: 0..<compressed.count, using: &generator)
            compressed[index] ^= UInt8.random(in: 1...255, using: &generator)
            // Either the damage is caught as invalid input, or (never, thanks to Adler-32) the bytes come back intact.
            do {
                #expect(try Zlib.decompress(compressed) == input, "flipped byte \(index)")
            } catch let error as CairnError {
                #expect(error.code == .invalidArgument, "\(error)")
            }
        }
    }
}
