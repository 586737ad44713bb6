import CairnCore
import CairnProtocol

/// Malformed request frames, each with what the server must answer before it closes the connection,
/// drawn from a seed so every run throws the same corpus. Sized for small limits (see ``limits``).
struct MalformedFrames {
    /// What a frame must get back before the connection closes.
    enum Expected: Equatable {
        /// Exactly this text (often a protocol error; empty for a frame that only waits for more).
        case exactly(String)
        /// Well-formed replies that are all errors: garbage that forms no valid command.
        case onlyErrors
        /// Any well-formed replies: garbage with fragments that may spell a command such as PING.
        case wellFormed
    }

    struct Frame: Sendable {
        var kind: String
        var bytes: [UInt8]
        var expected: Expected
    }

    static var limits: RESPDecoderLimits {
        var limits = RESPDecoderLimits()
        limits.maxInlineLength = 64
        limits.maxBulkLength = 32
        limits.maxArguments = 8
        limits.maxRequestBytes = 128
        return limits
    }

    static let kinds = 18

    private var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    /// `count` frames cycling through every kind.
    mutating func corpus(count: Int) -> [Frame] { (0..<count).map { frame(kind: $0 % Self.kinds) } }

    private mutating func frame(kind: Int) -> Frame {
        let protocolError = { (message: String) in Expected.exactly("-ERR Protocol error: \(message)\r\n") }
        switch kind {
        case 0:
            let whole = "*3\r\n$9\r\nCACHE.GET\r\n$7\r\np/d/n/v\r\n$1\r\nt\r\n"
            return Frame(
                kind: "truncated multibulk", bytes: Array(whole.utf8.prefix(number(1...whole.utf8.count - 1))),
                expected: .exactly(""))
        case 1:
            let whole = "CACHE.GET p/d/n/v \"t\""
            return Frame(
                kind: "truncated inline", bytes: Array(whole.utf8.prefix(number(1...whole.utf8.count))),
                expected: .exactly(""))
        case 2:
            return frame("negative multibulk length", "*-\(number(1...1_000_000))\r\nPING\r\n", .exactly("+PONG\r\n"))
        case 3:
            let digits = "99" + digitString(number(17...18))  // over Int.max
            return frame("huge multibulk length", "*\(digits)\r\n", protocolError("invalid multibulk length"))
        case 4:
            let count = number(9...100_000)
            return frame(
                "multibulk over the argument limit", "*\(count)\r\n",
                protocolError("too many arguments: \(count), limit 8"))
        case 5:
            let count = number(9...20)
            return frame(
                "inline over the argument limit", "PING" + String(repeating: " a", count: count - 1) + "\r\n",
                protocolError("too many arguments: \(count), limit 8"))
        case 6:
            let length = number(33...1_000_000_000)
            return frame(
                "bulk over the length limit", "*2\r\n$4\r\nECHO\r\n$\(length)\r\n",
                protocolError("invalid bulk length \(length) (limit 32 bytes)"))
        case 7:
            let length = -number(1...1000)
            return frame(
                "negative bulk length", "*1\r\n$\(length)\r\n",
                protocolError("invalid bulk length \(length)"))
        case 8:
            return frame(
                "huge bulk length", "*1\r\n$" + digitString(number(20...23)) + "\r\n",
                protocolError("invalid bulk length"))
        case 9:
            return frame(
                "deep nesting", String(repeating: "*1\r\n", count: number(2...500)),
                protocolError("expected '$', got '*'"))
        case 10:
            let word = letters(number(1...20))
            let line = [
                "PING \"\(word)", "ECHO '\(word)", "ECHO \"\(word)\"x", "ECHO '\(word)'x", "ECHO \"\(word)\\\"",
            ]
            return frame(
                "bad inline quoting", line[number(0...4)] + "\r\n", protocolError("unbalanced quotes in request"))
        case 11:
            return frame(
                "inline over the line limit",
                letters(number(65...600)) + (Bool.random(using: &generator) ? "\r\n" : ""),
                protocolError("too big inline request (limit 64 bytes)"))
        case 12:
            let size = number(17...32)
            let bulk = "$\(size)\r\n" + letters(size) + "\r\n"
            return frame(
                "request over the byte limit", "*8\r\n" + String(repeating: bulk, count: 8),
                protocolError("request larger than 128 bytes"))
        case 13:
            let size = number(1...32)
            return frame(
                "bulk without CRLF", "*1\r\n$\(size)\r\n" + letters(size) + "xy",
                protocolError("bulk string of \(size) bytes not followed by CRLF"))
        case 14:
            let multibulk = Bool.random(using: &generator)
            return frame(
                "header too long", (multibulk ? "*" : "*1\r\n$") + digitString(number(26...100)),
                protocolError("\(multibulk ? "multibulk" : "bulk") length line too long"))
        case 15:
            var byte = UInt8.random(in: 0...255, using: &generator)
            if byte == UInt8(ascii: "$") { byte = 0 }
            let shown = byte >= 0x21 && byte <= 0x7E ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
            return Frame(
                kind: "not a bulk string", bytes: Array("*2\r\n".utf8) + [byte] + Array("4\r\nPING\r\n".utf8),
                expected: protocolError("expected '$', got '\(shown)'"))
        case 16:
            return Frame(kind: "binary garbage", bytes: generator.bytes(number(1...300)), expected: .onlyErrors)
        default:
            return Frame(kind: "fragments and garbage", bytes: fragments(), expected: .wellFormed)
        }
    }

    private func frame(_ kind: String, _ text: String, _ expected: Expected) -> Frame {
        Frame(kind: kind, bytes: Array(text.utf8), expected: expected)
    }

    private mutating func number(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }

    private mutating func digitString(_ count: Int) -> String {
        String((0..<count).map { _ in "0123456789".randomElement(using: &generator)! })
    }

    private mutating func letters(_ count: Int) -> String {
        String((0..<count).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement(using: &generator)! })
    }

    /// Pieces that make frames look almost right, mixed with random bytes.
    private mutating func fragments() -> [UInt8] {
        let pieces = ["*", "$", "-1", "0", "3", "\r\n", "\n", "PING", "\"", "'", " ", "*1\r\n", "$4\r\n", "\\x4"]
        var bytes: [UInt8] = []
        for _ in 0..<number(1...30) {
            if Bool.random(using: &generator) {
                bytes += Array(pieces[number(0...pieces.count - 1)].utf8)
            } else {
                bytes += generator.bytes(number(1...8))
            }
        }
        return bytes
    }
}
