import CairnProtocol
import NIOCore

/// What a decoder made of a byte stream: the messages it yielded, the protocol error that ended the
/// stream (if one did) and how many bytes were left waiting for more.
struct DecodeOutcome<Message: Equatable>: Equatable, CustomStringConvertible {
    var messages: [Message] = []
    var error: RESPProtocolError.Code?
    var leftover = 0

    /// Feeds `chunks` one after another to `decoder` the way NIO's `ByteToMessageHandler` does: the
    /// bytes accumulate in one buffer and `decode` runs until it wants more, then `decodeLast` at
    /// the end of the stream. Stops at the first error, as a connection closes on one.
    static func of<Decoder: NIOSingleStepByteToMessageDecoder>(_ decoder: Decoder, _ chunks: [ByteBuffer]) -> Self
    where Decoder.InboundOut == Message {
        var decoder = decoder
        var outcome = Self()
        var buffer = ByteBuffer()
        do {
            for (index, chunk) in chunks.enumerated() {
                buffer.writeImmutableBuffer(chunk)
                while let message = try decoder.decode(buffer: &buffer) { outcome.messages.append(message) }
                guard index == chunks.count - 1 else { continue }
                while let message = try decoder.decodeLast(buffer: &buffer, seenEOF: true) {
                    outcome.messages.append(message)
                }
            }
        } catch let error as RESPProtocolError {
            outcome.error = error.code
            return outcome
        } catch {
            Finding.report("\(Decoder.self) threw \(type(of: error)) '\(error)', not a RESPProtocolError")
        }
        outcome.leftover = buffer.readableBytes
        return outcome
    }

    var description: String {
        let shown = messages.prefix(8).map { Finding.describe($0) }.joined(separator: ", ")
        let more = messages.count > 8 ? " … (\(messages.count) in all)" : ""
        return "[\(shown)\(more)] error: \(error.map { "\($0)" } ?? "none"), \(leftover) bytes left"
    }

}
