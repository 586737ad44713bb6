import CairnProtocol
import NIOCore

/// Runs bytes through ``RESPReplyDecoder`` with its default limits, as ``CairnClient`` reads a
/// server's replies. Properties checked, besides not trapping: the same values and error whole or
/// in pieces, and every decoded value re-encodes (RESP2 and RESP3) to bytes that decode to exactly
/// one value; after one round trip (which maps RESP3-only types and replaces CR/LF in status
/// lines) a further round trip changes nothing.
enum ReplyFuzzer {
    static func run(_ input: ByteBuffer) {
        let whole = DecodeOutcome.of(RESPReplyDecoder(), [input])
        let pieces = DecodeOutcome.of(RESPReplyDecoder(), Chunks.split(input))
        if whole != pieces {
            Finding.report("reply decoder: whole input gave \(whole), the same bytes in pieces gave \(pieces)")
        }
        for value in whole.messages {
            _ = roundTrip(value, version: .resp2)
            let once = roundTrip(value, version: .resp3)
            // When the first trip changed nothing, a second would repeat it exactly.
            guard once != value else { continue }
            let twice = roundTrip(once, version: .resp3)
            if once != twice { Finding.report("reply \(once) re-encoded in RESP3 decodes to \(twice)") }
        }
    }

    /// `value` encoded in `version` and decoded again, which must give exactly one value.
    private static func roundTrip(_ value: RESPValue, version: RESPVersion) -> RESPValue {
        let decoded = DecodeOutcome.of(RESPReplyDecoder(), [value.encoded(version: version)])
        guard decoded.error == nil, decoded.leftover == 0, decoded.messages.count == 1 else {
            Finding.report("reply \(value) encoded in \(version) decodes to \(decoded)")
        }
        return decoded.messages[0]
    }
}
