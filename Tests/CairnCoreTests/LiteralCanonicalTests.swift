import CairnCore
import Testing

@Suite struct LiteralCanonicalTests {
    static let digest11 = SHA256Digest(bytes: [UInt8](repeating: 0x11, count: 32))!
    static let digest22 = SHA256Digest(bytes: [UInt8](repeating: 0x22, count: 32))!

    /// The stored format: cache keys and offloaded blobs depend on these bytes, so a change must fail here.
    static let golden: [(Literal, [UInt8])] = [
        (.int(0), [0x01, 0x00]),
        (.int(-1), [0x01, 0x01]),
        (.int(1), [0x01, 0x02]),
        (.int(63), [0x01, 0x7E]),
        (.int(64), [0x01, 0x80, 0x01]),
        (.int(-65), [0x01, 0x81, 0x01]),
        (.int(.max), [0x01, 0xFE] + [UInt8](repeating: 0xFF, count: 8) + [0x01]),
        (.int(.min), [0x01] + [UInt8](repeating: 0xFF, count: 9) + [0x01]),
        (.float(1), [0x02, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F]),
        (.float(-.infinity), [0x02, 0, 0, 0, 0, 0, 0, 0xF0, 0xFF]),
        (.float(-0.0), [0x02, 0, 0, 0, 0, 0, 0, 0, 0]),
        (.float(.nan), [0x02, 0, 0, 0, 0, 0, 0, 0xF8, 0x7F]),
        (.float(-Double.signalingNaN), [0x02, 0, 0, 0, 0, 0, 0, 0xF8, 0x7F]),
        (.string(""), [0x03, 0x00]),
        (.string("hé"), [0x03, 0x03, 0x68, 0xC3, 0xA9]),
        (.string("e\u{301}"), [0x03, 0x02, 0xC3, 0xA9]),
        (.bool(false), [0x04, 0x00]),
        (.bool(true), [0x04, 0x01]),
        (.bytes([]), [0x05, 0x00]),
        (.bytes([1, 2, 3]), [0x05, 0x03, 0x01, 0x02, 0x03]),
        (.datetime(nanoseconds: 1), [0x06, 0x02]),
        (.duration(nanoseconds: 1_000_000_000), [0x07, 0x80, 0xA8, 0xD6, 0xB9, 0x07]),
        (.duration(nanoseconds: -1), [0x07, 0x01]),
        (.file(FileLiteral(uri: "a", size: 5, sha256: digest11)), [0x08, 0x01, 0x61, 0x0A] + digest11.bytes),
        (.list([]), [0x09, 0x00]),
        (.list([.int(1), .bool(false)]), [0x09, 0x02, 0x01, 0x02, 0x04, 0x00]),
        (.map([:]), [0x0A, 0x00]),
        (
            .map(["b": .int(1), "a": .string("x")]),
            [0x0A, 0x02, 0x01, 0x61, 0x03, 0x01, 0x78, 0x01, 0x62, 0x01, 0x02]
        ),
        (
            .structure(["e\u{301}": .bool(true), "z": .list([])]),
            [0x0B, 0x02, 0x01, 0x7A, 0x09, 0x00, 0x02, 0xC3, 0xA9, 0x04, 0x01]
        ),
        (
            .offloaded(OffloadedLiteral(uri: "u", size: 3, sha256: digest22, type: .list(.int))),
            [0x0C, 0x01, 0x75, 0x06] + digest22.bytes + [0x09, 0x01]
        ),
    ]

    @Test(arguments: 0..<golden.count)
    func encodingMatchesGoldenBytes(_ index: Int) throws {
        let (value, bytes) = Self.golden[index]
        #expect(value.canonicalBytes() == bytes, "\(value)")
        #expect(try Literal(canonicalBytes: bytes).canonicalBytes() == bytes)
        #expect(identical(try Literal(canonicalBytes: bytes), value.normalized()), "\(value)")
    }

    @Test func encodeIntoAppendsToWhatIsThere() {
        var bytes: [UInt8] = [0xAA, 0xBB]
        Literal.list([.int(1)]).encode(into: &bytes)
        Literal.bool(true).encode(into: &bytes)
        #expect(bytes == [0xAA, 0xBB, 0x09, 0x01, 0x01, 0x02, 0x04, 0x01])
    }

    @Test func normalisationFoldsZeroesNaNsAndUnicodeForms() {
        #expect(identical(Literal.float(-0.0).normalized(), .float(0)))
        for nan in [Double.nan, -.nan, .signalingNaN, Double(bitPattern: 0x7FF0_0000_0000_0001)] {
            guard case .float(let normalized) = Literal.float(nan).normalized() else { Issue.record(); continue }
            #expect(normalized.bitPattern == 0x7FF8_0000_0000_0000)
        }
        let decomposed = Literal.map(["A\u{30A}": .list([.string("\u{212B}"), .string("n\u{303}")])])
        #expect(identical(decomposed.normalized(), .map(["Å": .list([.string("Å"), .string("ñ")])])))
        #expect(
            decomposed.canonicalBytes() == Literal.map(["Å": .list([.string("Å"), .string("ñ")])]).canonicalBytes())
    }

    @Test func fileAndOffloadedUrisAreKeptByteForByte() throws {
        let file = Literal.file(FileLiteral(uri: "/data/cafe\u{301}.csv", size: 1, sha256: Self.digest11))
        #expect(identical(file.normalized(), file))
        #expect(identical(try Literal(canonicalBytes: file.canonicalBytes()), file))
    }

    @Test func keysAreOrderedByUTF8BytesNotUTF16() throws {
        // U+FF5E sorts before U+1F600 in UTF-8 (EF.. < F0..) but after it in UTF-16 (FF5E > D83D).
        let value = Literal.map(["😀": .int(2), "\u{FF5E}": .int(1), "a": .int(0), "Z": .int(3)])
        let bytes = value.canonicalBytes()
        let keys: [[UInt8]] = [[0x5A], [0x61], [0xEF, 0xBD, 0x9E], [0xF0, 0x9F, 0x98, 0x80]]
        let positions = keys.map { key in
            bytes.indices.first { bytes[$0...].starts(with: [UInt8(key.count)] + key) }!
        }
        #expect(positions == positions.sorted())
    }

    static let nonCanonical: [(String, [UInt8])] = [
        ("empty input", []),
        ("unknown tag", [0x00]),
        ("unknown tag", [0xFF, 0x00]),
        ("content-only file tag", [0x0D, 0x00] + [UInt8](repeating: 0, count: 32)),
        ("content-only offloaded tag", [0x0E] + [UInt8](repeating: 0, count: 32)),
        ("truncated varint", [0x01, 0x80]),
        ("non-minimal varint", [0x01, 0x80, 0x00]),
        ("non-minimal zero", [0x01, 0x80, 0x80, 0x00]),
        ("varint over 64 bits", [0x01] + [UInt8](repeating: 0xFF, count: 9) + [0x02]),
        ("varint over 10 bytes", [0x01] + [UInt8](repeating: 0x80, count: 10) + [0x01]),
        ("truncated float", [0x02, 0, 0, 0, 0, 0, 0, 0xF0]),
        ("negative zero", [0x02, 0, 0, 0, 0, 0, 0, 0, 0x80]),
        ("other NaN", [0x02, 1, 0, 0, 0, 0, 0, 0xF8, 0x7F]),
        ("negative NaN", [0x02, 0, 0, 0, 0, 0, 0, 0xF8, 0xFF]),
        ("signalling NaN", [0x02, 0, 0, 0, 0, 0, 0, 0xF4, 0x7F]),
        ("string past the end", [0x03, 0x02, 0x61]),
        ("invalid UTF-8", [0x03, 0x01, 0xFF]),
        ("surrogate in UTF-8", [0x03, 0x03, 0xED, 0xA0, 0x80]),
        ("over-long UTF-8", [0x03, 0x02, 0xC0, 0xAF]),
        ("string not NFC", [0x03, 0x03, 0x65, 0xCC, 0x81]),
        ("bool byte 2", [0x04, 0x02]),
        ("bytes past the end", [0x05, 0x05, 0x01]),
        ("truncated file digest", [0x08, 0x00, 0x00] + [UInt8](repeating: 0, count: 31)),
        ("list count past the end", [0x09, 0x02, 0x01, 0x00]),
        ("huge list count", [0x09, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]),
        ("map keys out of order", [0x0A, 0x02, 0x01, 0x62, 0x01, 0x00, 0x01, 0x61, 0x01, 0x00]),
        ("map key repeated", [0x0A, 0x02, 0x01, 0x61, 0x01, 0x00, 0x01, 0x61, 0x01, 0x00]),
        ("map key not NFC", [0x0A, 0x01, 0x03, 0x65, 0xCC, 0x81, 0x01, 0x00]),
        ("struct fields out of order", [0x0B, 0x02, 0x01, 0x62, 0x01, 0x00, 0x01, 0x61, 0x01, 0x00]),
        ("offloaded without a type", [0x0C, 0x00, 0x00] + [UInt8](repeating: 0, count: 32)),
        ("offloaded with a value for a type", [0x0C, 0x00, 0x00] + [UInt8](repeating: 0, count: 32) + [0x0C]),
        ("trailing byte", [0x04, 0x01, 0x00]),
        ("two values", [0x01, 0x00, 0x01, 0x00]),
    ]

    @Test(arguments: nonCanonical)
    func nonCanonicalInputIsRejected(_ reason: String, _ bytes: [UInt8]) {
        let error = expectCairnError(.invalidArgument, field: "literal") { _ = try Literal(canonicalBytes: bytes) }
        #expect(error?.message.contains("at byte") == true, "\(reason): \(error?.message ?? "")")
    }

    @Test func claimedCountsDoNotReserveMemoryAheadOfTheInput() {
        // 64 nested lists each claiming 500,000 elements, which the 1 MB after them could hold.
        let header = (0..<64).flatMap { _ in [0x09, 0xA0, 0xC2, 0x1E] as [UInt8] }
        let bytes = header + [UInt8](repeating: 0, count: 1 << 20)
        let error = expectCairnError(.invalidArgument, field: "literal") { _ = try Literal(canonicalBytes: bytes) }
        #expect(error?.message.contains("unknown tag 0x0 at byte 256") == true, "\(error?.message ?? "")")
    }

    @Test func nestingIsBoundedAt64() throws {
        var value = Literal.int(0)
        for depth in 1...65 {
            value = depth % 3 == 0 ? .map(["k": value]) : depth % 3 == 1 ? .list([value]) : .structure(["f": value])
            if depth == 64 {
                #expect(identical(try Literal(canonicalBytes: value.canonicalBytes()), value))
            }
        }
        expectCairnError(.invalidArgument, field: "literal") { _ = try Literal(canonicalBytes: value.canonicalBytes()) }
    }
}
