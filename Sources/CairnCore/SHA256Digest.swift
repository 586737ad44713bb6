import Crypto
import Foundation

/// A SHA-256 digest: 32 bytes, written as 64 lowercase hex digits.
public struct SHA256Digest: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Wraps 32 bytes; `nil` for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        self.bytes = Array(bytes)
    }

    /// Parses 64 hex digits.
    /// - Throws: ``CairnError/Code/invalidArgument`` naming `field`.
    public init(hex: String, field: String = "sha256") throws {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else {
            throw CairnError.invalid(field, "expected 64 hex digits, got \(utf8.count) characters")
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = Self.nibble(utf8[index]), let low = Self.nibble(utf8[index + 1]) else {
                throw CairnError.invalid(field, "has a non-hex character near offset \(index)")
            }
            bytes.append(high << 4 | low)
        }
        self.bytes = bytes
    }

    /// The digest of `data`.
    public static func of(_ data: some DataProtocol) -> SHA256Digest {
        SHA256Digest(bytes: Array(SHA256.hash(data: data)))!
    }

    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public var description: String { hex }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
