import CairnCore
import CairnProtocol
import NIOCore
import NIOTestUtils
import Testing

@Suite struct RESPRequestDecoderTests {
    func decodeAll(_ text: String, limits: RESPDecoderLimits = RESPDecoderLimits()) throws -> [RESPRequest] {
        var decoder = RESPRequestDecoder(limits: limits)
        var buffer = ByteBuffer(string: text)
        var requests: [RESPRequest] = []
        while let request = try decoder.decode(buffer: &buffer) { requests.append(request) }
        return requests
    }

    func expectProtocolError(
        _ code: RESPProtocolError.Code, _ text: String, limits: RESPDecoderLimits = RESPDecoderLimits(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let requests = try decodeAll(text, limits: limits)
            Issue.record("expected \(code), decoded \(requests)", sourceLocation: sourceLocation)
        } catch let error as RESPProtocolError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func multibulkAndInlineRequestsDecodeWhateverTheSplit() throws {
        // The verifier feeds the input whole, byte by byte and in other splits, and checks that
        // the decoder neither loses nor invents requests.
        try ByteToMessageDecoderVerifier.verifyDecoder(
            stringInputOutputPairs: [
                ("*1\r\n$4\r\nPING\r\n", [RESPRequest("PING")]),
                ("PING\r\n", [RESPRequest("PING")]),
                ("CACHE.GET p/d/n/v abc\n", [RESPRequest("CACHE.GET", "p/d/n/v", "abc")]),
                (
                    "*3\r\n$3\r\nSET\r\n$0\r\n\r\n$4\r\na\r\nb\r\n*1\r\n$4\r\nPING\r\n",
                    [RESPRequest("SET", "", "a\r\nb"), RESPRequest("PING")]
                ),
                ("*0\r\n\r\n\n*-1\r\nECHO  'x y'\r\n", [RESPRequest("ECHO", "x y")]),
            ],
            decoderFactory: { RESPRequestDecoder() })
    }

    @Test func binaryArgumentsAreKeptByteForByte() throws {
        var payload = ByteBuffer()
        let bytes = (0...255).map { UInt8($0) }
        RESPRequest(arguments: [ByteBuffer(string: "PUT"), ByteBuffer(bytes: bytes)]).write(to: &payload)
        var decoder = RESPRequestDecoder()
        let request = try #require(try decoder.decode(buffer: &payload))
        #expect(Array(request.arguments[1].readableBytesView) == bytes)
        #expect(payload.readableBytes == 0)
    }

    @Test func inlineQuotingFollowsRedis() throws {
        let requests = try decodeAll(#"SET "a \"b\"\n" 'it\'s' "\x41\x42" plain"# + "\r\n")
        #expect(requests == [RESPRequest("SET", "a \"b\"\n", "it's", "AB", "plain")])
        #expect(try decodeAll("   \r\n\t\n").isEmpty)
    }

    @Test func malformedFramesGetTheirOwnErrors() {
        expectProtocolError(.invalidMultibulkLength, "*x\r\n")
        expectProtocolError(.invalidMultibulkLength, "*\r\n")
        expectProtocolError(.invalidMultibulkLength, "*99999999999999999999\r\n")
        expectProtocolError(.invalidMultibulkLength, "*9999999999999999999\r\n")  // 19 digits, over Int.max
        expectProtocolError(.invalidBulkLength, "*1\r\n$-9999999999999999999\r\n")
        expectProtocolError(.invalidBulkLength, "*1\r\n$-1\r\n")
        expectProtocolError(.invalidBulkLength, "*1\r\n$abc\r\n")
        expectProtocolError(.expectedBulk, "*1\r\n:1\r\n")
        expectProtocolError(.missingCRLF, "*1\r\n$4\r\nPINGxx")
        expectProtocolError(.headerTooLong, "*1\r\n$" + String(repeating: "1", count: 40))
        expectProtocolError(.unbalancedQuotes, "SET \"abc\r\n")
        expectProtocolError(.unbalancedQuotes, "SET 'a'b\r\n")
    }

    @Test func limitsAreEnforcedBeforeBuffering() {
        var limits = RESPDecoderLimits()
        limits.maxInlineLength = 16
        limits.maxBulkLength = 8
        limits.maxArguments = 3
        limits.maxRequestBytes = 12
        expectProtocolError(.inlineTooLong, String(repeating: "A", count: 17), limits: limits)
        // The bulk length is refused from its header alone: the 1 GB never has to arrive.
        expectProtocolError(.invalidBulkLength, "*1\r\n$1000000000\r\n", limits: limits)
        expectProtocolError(.tooManyArguments, "*4\r\n", limits: limits)
        expectProtocolError(.tooManyArguments, "A B C D\r\n", limits: limits)
        expectProtocolError(.requestTooLarge, "*2\r\n$8\r\n12345678\r\n$8\r\n", limits: limits)
    }

    @Test func incompleteInputWaitsForMore() throws {
        var decoder = RESPRequestDecoder()
        var buffer = ByteBuffer(string: "*2\r\n$4\r\nECHO\r\n$5\r\nhel")
        #expect(try decoder.decode(buffer: &buffer) == nil)
        buffer.writeString("lo\r\n")
        #expect(try decoder.decode(buffer: &buffer) == RESPRequest("ECHO", "hello"))
    }

    @Test func randomRequestsRoundTripThroughTheWireForm() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let count = Int.random(in: 1...6, using: &generator)
            let arguments = (0..<count).map { _ in
                ByteBuffer(
                    bytes: (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                        UInt8.random(in: 0...255, using: &generator)
                    })
            }
            let request = RESPRequest(arguments: arguments)
            var wire = ByteBuffer()
            request.write(to: &wire)
            request.write(to: &wire)
            var decoder = RESPRequestDecoder()
            // Feed it in random pieces.
            var received: [RESPRequest] = []
            var pending = ByteBuffer()
            while wire.readableBytes > 0 {
                var piece = wire.readSlice(length: min(wire.readableBytes, Int.random(in: 1...9, using: &generator)))!
                pending.writeBuffer(&piece)
                while let decoded = try decoder.decode(buffer: &pending) { received.append(decoded) }
            }
            #expect(received == [request, request])
        }
    }
}
