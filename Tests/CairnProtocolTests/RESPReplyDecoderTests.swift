import CairnProtocol
import NIOCore
import NIOTestUtils
import Testing

@Suite struct RESPReplyDecoderTests {
    /// One reply of every wire type, and what it decodes to.
    static let corpus: [(wire: String, value: RESPValue)] = [
        ("+OK\r\n", .simpleString("OK")),
        ("-ERR bad thing\r\n", .error("ERR bad thing")),
        (":-42\r\n", .integer(-42)),
        (":9223372036854775807\r\n", .integer(.max)),
        ("$5\r\nhe\r\nl\r\n", .bulk("he\r\nl")),
        ("$0\r\n\r\n", .bulk("")),
        ("$-1\r\n", .null),
        ("*-1\r\n", .null),
        ("_\r\n", .null),
        ("*0\r\n", .array([])),
        ("*3\r\n:1\r\n$1\r\na\r\n_\r\n", .array([.integer(1), .bulk("a"), .null])),
        ("*2\r\n*1\r\n*0\r\n+x\r\n", .array([.array([.array([])]), .simpleString("x")])),
        (",1.5\r\n", .double(1.5)),
        (",-inf\r\n", .double(-.infinity)),
        (",nan\r\n", .double(.nan)),
        ("#t\r\n", .boolean(true)),
        ("#f\r\n", .boolean(false)),
        ("(3492890328409238509324850943850943825024385\r\n", .bulk("3492890328409238509324850943850943825024385")),
        ("=15\r\ntxt:Some string\r\n", .bulk("Some string")),
        ("!11\r\nSYNTAX oops\r\n", .error("SYNTAX oops")),
        ("~2\r\n:1\r\n:2\r\n", .array([.integer(1), .integer(2)])),
        ("%1\r\n$1\r\nk\r\n%0\r\n", .map([(key: .bulk("k"), value: .map([]))])),
        // An attribute is skipped wherever it appears; a top-level push is dropped.
        ("|1\r\n+ttl\r\n:3\r\n:7\r\n", .integer(7)),
        ("*2\r\n|1\r\n+a\r\n+b\r\n:1\r\n:2\r\n", .array([.integer(1), .integer(2)])),
        (">2\r\n+message\r\n+hi\r\n+after-push\r\n", .simpleString("after-push")),
    ]

    static var wire: String { corpus.map(\.wire).joined() }

    func decodeAll(_ chunks: [String], limits: RESPReplyDecoder.Limits = .init()) throws -> [RESPValue] {
        var decoder = RESPReplyDecoder(limits: limits)
        var buffer = ByteBuffer()
        var values: [RESPValue] = []
        for chunk in chunks {
            buffer.writeString(chunk)
            while let value = try decoder.decode(buffer: &buffer) { values.append(value) }
        }
        #expect(buffer.readableBytes == 0, "bytes left over")
        return values
    }

    @Test func everyTypeDecodesFromOneBufferHoldingManyReplies() throws {
        #expect(try decodeAll([Self.wire]) == Self.corpus.map(\.value))
    }

    @Test func everySplitPointGivesTheSameReplies() throws {
        let bytes = Array(Self.wire.utf8)
        let expected = Self.corpus.map(\.value)
        for split in 0...bytes.count {
            let chunks = [
                String(decoding: bytes[..<split], as: UTF8.self), String(decoding: bytes[split...], as: UTF8.self),
            ]
            #expect(try decodeAll(chunks) == expected, "split at \(split)")
        }
        #expect(try decodeAll(bytes.map { String(UnicodeScalar($0)) }) == expected, "byte by byte")
    }

    @Test func theChannelVerifierAgrees() throws {
        try ByteToMessageDecoderVerifier.verifyDecoder(
            stringInputOutputPairs: Self.corpus.map { ($0.wire, [$0.value]) },
            decoderFactory: { RESPReplyDecoder() })
    }

    @Test func encodedValuesRoundTripInBothDialects() throws {
        var generator = SeededValues(seed: 7)
        for _ in 0..<500 {
            let value = generator.value(depth: 0)
            var decoder = RESPReplyDecoder()
            var resp3 = value.encoded(version: .resp3)
            #expect(try decoder.decode(buffer: &resp3) == value)
            var resp2 = value.encoded(version: .resp2)
            #expect(try decoder.decode(buffer: &resp2) == SeededValues.asRESP2(value))
            #expect(resp2.readableBytes == 0 && resp3.readableBytes == 0)
        }
    }

    @Test func binaryBulkStringsAreKeptByteForByte() throws {
        let bytes = (0...255).map { UInt8($0) }
        var buffer = RESPValue.array([.bulk(bytes: bytes)]).encoded()
        var decoder = RESPReplyDecoder()
        #expect(try decoder.decode(buffer: &buffer) == .array([.bulk(bytes: bytes)]))
    }
}
