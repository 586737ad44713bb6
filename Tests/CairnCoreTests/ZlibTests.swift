import CairnCore
import Testing

@Suite struct ZlibTests {
    static func roundTrip(_ input: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        try Zlib.decompress(try Zlib.compress(input, level: level))
    }

    @Test func emptyInputRoundTrips() throws {
        let compressed = try Zlib.compress([])
        #expect(!compressed.isEmpty)
        #expect(try Zlib.decompress(compressed) == [])
    }

    @Test func smallInputRoundTrips() throws {
        let input = Array("hello, cairn".utf8)
        #expect(try Self.roundTrip(input) == input)
    }

    @Test func oneMebibyteOfRandomBytesRoundTrips() throws {
        var generator = SeededGenerator(seed: 0x21B)
        let input = generator.bytes(1 << 20)
        #expect(try Self.roundTrip(input) == input)
    }

    @Test func repetitiveInputRoundTripsAndShrinks() throws {
        let input = [UInt8](repeating: 0, count: 1 << 20) + Array(String(repeating: "cairn ", count: 100_000).utf8)
        let compressed = try Zlib.compress(input)
        #expect(compressed.count * 100 < input.count, "compressed to \(compressed.count) bytes")
        #expect(try Zlib.decompress(compressed) == input)
    }

    @Test(arguments: [4096, 8192, 1 << 20, 3 << 20])
    func outputThatExactlyFillsTheBufferRoundTrips(_ count: Int) throws {
        let input = [UInt8](repeating: 0x5A, count: count)
        #expect(try Self.roundTrip(input) == input)
    }

    @Test(arguments: [0, 1, 9] as [Int32])
    func everyLevelRoundTrips(_ level: Int32) throws {
        let input = Array(String(repeating: "level ", count: 1000).utf8)
        #expect(try Self.roundTrip(input, level: level) == input)
    }

    @Test func outputIsZlibFormat() throws {
        // RFC 1950: CM = 8 (deflate) in the low nibble and a header that is a multiple of 31.
        let compressed = try Zlib.compress(Array("abc".utf8))
        #expect(compressed[0] & 0x0F == 8)
        #expect((UInt16(compressed[0]) << 8 | UInt16(compressed[1])) % 31 == 0)
    }

    @Test func corruptHeaderIsRejected() throws {
        var compressed = try Zlib.compress(Array("some data".utf8))
        compressed[0] = 0x00
        expectCairnError(.invalidArgument, field: "zlib input") { _ = try Zlib.decompress(compressed) }
    }

    @Test func corruptChecksumIsRejected() throws {
        var compressed = try Zlib.compress(Array("some data".utf8))
        compressed[compressed.count - 1] ^= 0xFF
        expectCairnError(.invalidArgument, field: "zlib input") { _ = try Zlib.decompress(compressed) }
    }

    @Test func bytesThatAreNotZlibAreRejected() {
        expectCairnError(.invalidArgument, field: "zlib input") { _ = try Zlib.decompress(Array("plain text".utf8)) }
    }

    @Test func emptyInputIsRejectedAsTruncated() {
        let error = expectCairnError(.invalidArgument, field: "zlib input") { _ = try Zlib.decompress([]) }
        #expect(error?.message.contains("truncated") == true)
    }

    @Test func truncatedInputIsRejectedAtEveryLength() throws {
        var generator = SeededGenerator(seed: 0x7C)
        let compressed = try Zlib.compress(generator.bytes(2000))
        for length in 1..<compressed.count {
            expectCairnError(.invalidArgument, field: "zlib input") {
                _ = try Zlib.decompress(Array(compressed.prefix(length)))
            }
        }
    }

    @Test func outputOverTheLimitIsRejected() throws {
        let compressed = try Zlib.compress([UInt8](repeating: 7, count: 10_000))
        #expect(try Zlib.decompress(compressed, maxOutput: 10_000).count == 10_000)
        let error = expectCairnError(.limitExceeded, field: "zlib output") {
            _ = try Zlib.decompress(compressed, maxOutput: 9_999)
        }
        #expect(error?.message.contains("limit 9999") == true)
    }

    @Test func decompressionBombStopsNearTheLimit() throws {
        // 64 MiB of zeros compresses to about 64 KiB; a 1 MiB limit must stop it early.
        let compressed = try Zlib.compress([UInt8](repeating: 0, count: 64 << 20))
        expectCairnError(.limitExceeded, field: "zlib output") {
            _ = try Zlib.decompress(compressed, maxOutput: 1 << 20)
        }
    }
}
