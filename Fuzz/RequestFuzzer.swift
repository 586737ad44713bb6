import CairnProtocol
import NIOCore

/// libFuzzer's entry point: one input is what a client sends on a fresh connection (and, for the
/// client's reply decoder, what a server sends back). Anything that traps, or that a sanitizer
/// reports, is a bug; so is a broken property checked below (`Finding.report`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = ByteBuffer(bytes: UnsafeBufferPointer(start: data, count: size))
    RequestFuzzer.run(input)
    ReplyFuzzer.run(input)
    return 0
}

/// Runs bytes through what `cairn serve` does with a connection's input before any store work:
/// ``RESPRequestDecoder`` with the default ``RESPDecoderLimits`` (the server's configuration
/// unless `--max-…` options change it), then ``Command/parse(_:)`` for every request it yields.
///
/// Properties checked, besides not trapping:
/// - the decoder gives the same requests and the same error whether the bytes arrive whole or in
///   pieces (it claims to be incremental);
/// - a decoded request, written back in multibulk form, decodes to itself;
/// - `Command.parse` throws only ``CommandError``, whose reply is exactly one RESP error however
///   hostile the text it quotes;
/// - a parsed command's times and durations are ones the store can bind (``CommandInvariants``).
enum RequestFuzzer {
    static func run(_ input: ByteBuffer) {
        let whole = DecodeOutcome.of(RESPRequestDecoder(), [input])
        let pieces = DecodeOutcome.of(RESPRequestDecoder(), Chunks.split(input))
        if whole != pieces {
            Finding.report("request decoder: whole input gave \(whole), the same bytes in pieces gave \(pieces)")
        }
        for request in whole.messages {
            checkRoundTrip(request)
            parse(request)
        }
    }

    private static func checkRoundTrip(_ request: RESPRequest) {
        var wire = ByteBuffer()
        request.write(to: &wire)
        let again = DecodeOutcome.of(RESPRequestDecoder(), [wire])
        if again != DecodeOutcome(messages: [request]) {
            Finding.report("request \(Finding.describe(request)) written as multibulk decodes to \(again)")
        }
    }

    private static func parse(_ request: RESPRequest) {
        let command: Command
        do {
            command = try Command.parse(request)
        } catch let error as CommandError {
            checkErrorReply(error, request)
            return
        } catch {
            Finding.report(
                "Command.parse threw \(type(of: error)) '\(error)', not a CommandError, for \(Finding.describe(request))"
            )
        }
        CommandInvariants.check(command, request)
    }

    /// The error reply quotes client bytes (an unknown command's name, a bad option): it must stay
    /// one error line in both protocol versions, never a second frame.
    private static func checkErrorReply(_ error: CommandError, _ request: RESPRequest) {
        for version in [RESPVersion.resp2, .resp3] {
            let reply = DecodeOutcome.of(RESPReplyDecoder(), [error.reply.encoded(version: version)])
            guard reply.error == nil, reply.leftover == 0, reply.messages.count == 1,
                case .error = reply.messages[0]
            else {
                Finding.report("the error reply '\(error)' to \(Finding.describe(request)) decodes as \(reply)")
            }
        }
    }
}
