import CairnCore
import CairnProtocol
import NIOCore
import Testing

@Suite struct MalformedInputTests {
    /// Fragments that make frames look almost right.
    static let fragments: [[UInt8]] = [
        Array("*".utf8), Array("$".utf8), Array("-1".utf8), Array("0".utf8), Array("3".utf8),
        Array("99999999999999999999".utf8), Array("\r\n".utf8), Array("\n".utf8), Array("\r".utf8),
        Array("PING".utf8), Array("\"".utf8), Array("'".utf8), Array(" ".utf8), Array(":1".utf8),
        Array("*1\r\n".utf8), Array("$4\r\n".utf8), Array("\\x4".utf8), [0], [0xFF], [0x80, 0x81],
    ]

    @Test func aThousandMalformedFramesEndInRequestsAWaitOrAProtocolErrorNeverACrash() throws {
        var generator = SeededGenerator(seed: 2026)
        var limits = RESPDecoderLimits()
        limits.maxInlineLength = 64
        limits.maxBulkLength = 32
        limits.maxArguments = 8
        limits.maxRequestBytes = 128
        // What the decoder may leave waiting: one inline line, one header or one bulk string and its CRLF.
        let waitingBound = max(limits.maxInlineLength, limits.maxBulkLength + 1, 26)
        var outcomes = (requests: 0, waiting: 0, errors: 0)
        for _ in 0..<1000 {
            var frame: [UInt8] = []
            for _ in 0..<Int.random(in: 1...30, using: &generator) {
                if Bool.random(using: &generator) {
                    frame += Self.fragments[Int.random(in: 0..<Self.fragments.count, using: &generator)]
                } else {
                    frame += (0..<Int.random(in: 1...8, using: &generator)).map { _ in
                        UInt8.random(in: 0...255, using: &generator)
                    }
                }
            }
            var decoder = RESPRequestDecoder(limits: limits)
            var buffer = ByteBuffer(bytes: frame)
            do {
                var decoded = 0
                while let request = try decoder.decode(buffer: &buffer) {
                    #expect(!request.arguments.isEmpty)
                    #expect(request.arguments.count <= limits.maxArguments)
                    decoded += 1
                }
                if decoded > 0 { outcomes.requests += 1 } else { outcomes.waiting += 1 }
                // Whatever waits for more input is bounded by the limits, not by what the client sent
                // (frames run to hundreds of bytes, ten times the bound).
                #expect(buffer.readableBytes <= waitingBound, "\(frame)")
            } catch is RESPProtocolError {
                outcomes.errors += 1
            }
        }
        // The corpus exercises all three outcomes.
        #expect(outcomes.requests > 0)
        #expect(outcomes.waiting > 0)
        #expect(outcomes.errors > 100)
    }
}
