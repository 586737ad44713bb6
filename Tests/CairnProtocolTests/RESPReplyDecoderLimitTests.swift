import CairnProtocol
import NIOCore
import Testing

@Suite struct RESPReplyDecoderLimitTests {
    func expectError(
        _ code: RESPProtocolError.Code, _ text: String, limits: RESPReplyDecoder.Limits = .init(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var decoder = RESPReplyDecoder(limits: limits)
        var buffer = ByteBuffer(string: text)
        do {
            var values: [RESPValue] = []
            while let value = try decoder.decode(buffer: &buffer) { values.append(value) }
            Issue.record("expected \(code), decoded \(values)", sourceLocation: sourceLocation)
        } catch let error as RESPProtocolError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func malformedRepliesGetTheirOwnErrors() {
        expectError(.unknownReplyType, "?what\r\n")
        expectError(.unknownReplyType, "\n\n")
        expectError(.unknownReplyType, "garbage without a newline")
        expectError(.invalidReplyValue, ":12a\r\n")
        expectError(.invalidReplyValue, ":99999999999999999999\r\n")
        expectError(.invalidReplyValue, "_x\r\n")
        expectError(.invalidReplyValue, "#x\r\n")
        expectError(.invalidReplyValue, ",one\r\n")
        expectError(.invalidReplyValue, "(12-3\r\n")
        expectError(.invalidReplyValue, "=2\r\nab\r\n")
        expectError(.invalidReplyValue, "%-1\r\n")
        expectError(.invalidBulkLength, "$-2\r\n")
        expectError(.invalidReplyValue, "=-1\r\n")
        expectError(.invalidBulkLength, "$x\r\n")
        expectError(.invalidBulkLength, "$9999999999999999999\r\n")
        expectError(.invalidMultibulkLength, "*\r\n")
        expectError(.missingCRLF, "$2\r\nabcd")
        expectError(.missingCRLF, "+OK\n")
    }

    @Test func limitsAreEnforcedFromHeadersBeforeBuffering() {
        var limits = RESPReplyDecoder.Limits()
        limits.maxBulkLength = 8
        limits.maxLineLength = 16
        limits.maxElements = 3
        limits.maxDepth = 2
        limits.maxReplyBytes = 40
        // Each of these fails on its header alone: the announced bytes never arrive.
        expectError(.invalidBulkLength, "$9\r\n", limits: limits)
        expectError(.invalidBulkLength, "=1000000000\r\n", limits: limits)
        expectError(.tooManyElements, "*4\r\n", limits: limits)
        expectError(.tooManyElements, "%1000000\r\n", limits: limits)
        expectError(.nestingTooDeep, "*1\r\n*1\r\n*1\r\n", limits: limits)
        expectError(.lineTooLong, "+" + String(repeating: "a", count: 40), limits: limits)
        expectError(.replyTooLarge, "*3\r\n$8\r\n12345678\r\n$8\r\n12345678\r\n$8\r\n", limits: limits)
    }

    @Test func theReplyByteLimitAppliesPerReplyNotPerConnection() throws {
        var limits = RESPReplyDecoder.Limits()
        limits.maxReplyBytes = 16
        var decoder = RESPReplyDecoder(limits: limits)
        var buffer = ByteBuffer()
        for _ in 0..<100 {
            buffer.writeString("$5\r\nhello\r\n")
            #expect(try decoder.decode(buffer: &buffer) == .bulk("hello"))
        }
    }

    @Test func aHugeAnnouncedCountReservesOnlyABoundedAmount() throws {
        // A peer may announce a million elements and send two: nothing is allocated for the rest.
        var decoder = RESPReplyDecoder()
        var buffer = ByteBuffer(string: "*1000000\r\n:1\r\n:2\r\n")
        #expect(try decoder.decode(buffer: &buffer) == nil)
        #expect(buffer.readableBytes == 0)
    }
}
