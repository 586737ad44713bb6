import CZlib

/// zlib compression of byte buffers (zlib format, RFC 1950, or gzip, RFC 1952). Callers doing large
/// buffers must run this off the event loop: it is plain CPU work.
public enum Zlib {
    /// The framing around the deflate stream.
    public enum Format: Sendable {
        /// zlib's own header and Adler-32 trailer (RFC 1950).
        case zlib
        /// A gzip member (RFC 1952), as HTTP's `Content-Encoding: gzip` carries it.
        case gzip

        /// zlib's `windowBits` for the format: 16 more selects the gzip wrapper.
        var windowBits: Int32 { self == .gzip ? MAX_WBITS + 16 : MAX_WBITS }
    }

    /// Compresses `input` at `level` (0...9, 6 is zlib's default).
    public static func compress(_ input: [UInt8], level: Int32 = 6, format: Format = .zlib) throws -> [UInt8] {
        var stream = z_stream()
        guard cairn_deflateInit2(&stream, level, format.windowBits, 8) == Z_OK else {
            throw CairnError(.internalError, "zlib: deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
        let status: Int32 = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw CairnError(.internalError, "zlib: deflate returned \(status)") }
        output.removeLast(Int(stream.avail_out))
        return output
    }

    /// Decompresses zlib (or gzip) data, refusing to produce more than `maxOutput` bytes.
    /// - Throws: ``CairnError/Code/invalidArgument`` for corrupt input,
    ///   ``CairnError/Code/limitExceeded`` when the output would pass `maxOutput`.
    public static func decompress(_ input: [UInt8], maxOutput: Int = 1 << 30, format: Format = .zlib) throws
        -> [UInt8]
    {
        var stream = z_stream()
        guard cairn_inflateInit2(&stream, format.windowBits) == Z_OK else {
            throw CairnError(.internalError, "zlib: inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: max(4096, min(input.count * 4, 1 << 20)))
        return try input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, target.count - Int(stream.avail_out))
                }
                output.append(contentsOf: chunk[0..<produced])
                if output.count > maxOutput {
                    throw CairnError.limit("zlib output", "exceeds the allowed size", limit: maxOutput)
                }
                switch status {
                case Z_STREAM_END: return output
                case Z_OK: continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw CairnError.invalid("zlib input", "is truncated")
                default:
                    throw CairnError.invalid("zlib input", "is corrupt (inflate returned \(status))")
                }
            }
        }
    }
}
