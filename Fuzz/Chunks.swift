import NIOCore

/// Cuts an input into the pieces a slow or fragmented connection would deliver. The cut points
/// depend only on the bytes (FNV-1a, then a xorshift generator), so a finding replays exactly.
enum Chunks {
    static func split(_ input: ByteBuffer) -> [ByteBuffer] {
        var state: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in input.readableBytesView { state = (state ^ UInt64(byte)) &* 0x100_0000_01b3 }
        // Pieces of 1 to `longest` bytes: single bytes for short inputs, at most ~32 pieces on
        // average for long ones, so decoding stays linear enough for libFuzzer's pace.
        let longest = max(16, input.readableBytes / 16)
        var pieces: [ByteBuffer] = []
        var rest = input
        while rest.readableBytes > 0 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            let length = min(rest.readableBytes, 1 + Int(state % UInt64(longest)))
            pieces.append(rest.readSlice(length: length)!)
        }
        return pieces.isEmpty ? [input] : pieces
    }
}
