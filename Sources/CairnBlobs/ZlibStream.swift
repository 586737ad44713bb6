import CZlib
import CairnCore

/// Incremental zlib (RFC 1950) compression or decompression: input is fed a chunk at a time and
/// output handed to a closure as it is produced, so neither side is ever whole in memory. Used on
/// one thread at a time (blocking CPU work: run it on ``BlobThreads``).
final class ZlibStream {
    enum Mode { case deflate(level: Int32), inflate }

    private var stream = z_stream()
    private let inflating: Bool
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private(set) var finished = false

    init(_ mode: Mode) throws {
        switch mode {
        case .deflate(let level):
            inflating = false
            guard cairn_deflateInit2(&stream, level, MAX_WBITS, 8) == Z_OK else {
                throw CairnError(.internalError, "zlib: deflateInit2 failed")
            }
        case .inflate:
            inflating = true
            guard cairn_inflateInit2(&stream, MAX_WBITS) == Z_OK else {
                throw CairnError(.internalError, "zlib: inflateInit2 failed")
            }
        }
    }

    deinit {
        if inflating { inflateEnd(&stream) } else { deflateEnd(&stream) }
    }

    /// Feeds `input` (with `last` on the final call, which may be empty) and hands the output produced to `emit`.
    /// - Throws: ``CairnError/Code/invalidArgument`` when inflating corrupt or truncated data, or data
    ///   after the end of the stream.
    func feed(_ input: UnsafeRawBufferPointer, last: Bool, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        if finished {
            guard input.isEmpty else { throw CairnError.invalid("zlib input", "has data after its end") }
            return
        }
        stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: UInt8.self).baseAddress)
        stream.avail_in = uInt(input.count)
        while true {
            let (status, produced) = output.withUnsafeMutableBufferPointer { target in
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                let status =
                    inflating ? inflate(&stream, Z_NO_FLUSH) : deflate(&stream, last ? Z_FINISH : Z_NO_FLUSH)
                return (status, target.count - Int(stream.avail_out))
            }
            if produced > 0 {
                try output.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0[..<produced])) }
            }
            switch status {
            case Z_STREAM_END:
                finished = true
                guard stream.avail_in == 0 else { throw CairnError.invalid("zlib input", "has data after its end") }
                return
            case Z_OK, Z_BUF_ERROR:
                if stream.avail_in == 0 && stream.avail_out != 0 {
                    if inflating && last { throw CairnError.invalid("zlib input", "is truncated") }
                    if !last || inflating { return }
                }
                if status == Z_BUF_ERROR && stream.avail_in == 0 && !last { return }
            default:
                throw CairnError.invalid("zlib input", "is corrupt (zlib returned \(status))")
            }
        }
    }
}
