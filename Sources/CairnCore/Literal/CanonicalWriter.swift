/// Appends the primitives of Cairn's canonical encodings to a byte buffer: LEB128 varints (zig-zag
/// for signed integers), little-endian IEEE doubles, and length-prefixed UTF-8.
///
/// Callers move their buffer in and out with `swap` so appending never copies it.
package struct CanonicalWriter {
    package var bytes: [UInt8]

    package init(bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    @inline(__always)
    mutating func writeTag(_ tag: CanonicalTag) {
        bytes.append(tag.rawValue)
    }

    /// An unsigned LEB128 varint: seven bits per byte, low bits first, high bit set on all but the last.
    @inline(__always)
    package mutating func writeVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// A signed integer, zig-zag mapped (0, -1, 1, -2, … → 0, 1, 2, 3, …) so small magnitudes stay short.
    @inline(__always)
    package mutating func writeSigned(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    package mutating func writeLength(_ count: Int) {
        writeVarint(UInt64(count))
    }

    /// Eight little-endian bytes of the IEEE 754 double, after normalising `-0.0` and NaN.
    package mutating func writeFloat(_ value: Double) {
        let bits = Literal.normalizedFloat(value).bitPattern
        for shift in stride(from: 0, to: 64, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
        }
    }

    /// Length and UTF-8 of `text` as it is; callers normalise first where the format asks for NFC.
    package mutating func writeString(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            writeLength(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    package mutating func writeBytes(_ data: [UInt8]) {
        writeLength(data.count)
        bytes.append(contentsOf: data)
    }

    package mutating func writeDigest(_ digest: SHA256Digest) {
        bytes.append(contentsOf: digest.bytes)
    }
}
