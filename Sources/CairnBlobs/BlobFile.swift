import CairnCore
import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file descriptor read or written in chunks, with errors naming the path. Blocking: use on
/// ``BlobThreads`` only.
final class BlobFile {
    let path: String
    private let descriptor: Int32

    /// Opens `path` for reading; a missing file is ``CairnError/Code/notFound``.
    init(reading path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let error = errno
            if error == ENOENT || error == ENOTDIR { throw CairnError(.notFound, "no file \(path)") }
            throw Self.failure("open \(path)", error)
        }
    }

    /// Creates or truncates `path` for writing (`exclusive`: it must not exist).
    init(writing path: String, exclusive: Bool = false) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC), 0o600)
        guard descriptor >= 0 else { throw Self.failure("create \(path)") }
    }

    deinit { close(descriptor) }

    /// Calls `body` with each chunk of up to `chunkSize` bytes until the end of the file.
    func readChunks(chunkSize: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count == 0 { return }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.failure("read \(path)")
            }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
    }

    /// The next chunk of up to `limit` bytes; empty at the end of the file.
    func readChunk(limit: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: limit)
        var filled = 0
        while filled < limit {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, limit - filled) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.failure("read \(path)")
            }
            filled += count
        }
        buffer.removeLast(limit - filled)
        return buffer
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var written = 0
        while written < bytes.count {
            let result = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                throw Self.failure("write \(path)")
            }
            written += result
        }
    }

    func sync() throws {
        guard fsync(descriptor) == 0 else { throw Self.failure("flush \(path)") }
    }

    static func failure(_ what: String, _ error: Int32 = errno) -> CairnError {
        CairnError(.unavailable, "blob store: cannot \(what): \(String(cString: strerror(error)))")
    }

    /// The size and SHA-256 of the file at `path`, read in chunks.
    static func digest(of path: String) throws -> (CairnCore.SHA256Digest, Int64) {
        let file = try BlobFile(reading: path)
        var hasher = SHA256()
        var size: Int64 = 0
        try file.readChunks { chunk in
            hasher.update(bufferPointer: chunk)
            size += Int64(chunk.count)
        }
        return (CairnCore.SHA256Digest(bytes: Array(hasher.finalize()))!, size)
    }

    /// Compresses the file at `source` into a new file at `target` (flushed when `sync`).
    static func compress(_ source: String, to target: String, level: Int32, sync: Bool) throws {
        let input = try BlobFile(reading: source)
        let output = try BlobFile(writing: target, exclusive: true)
        let deflater = try ZlibStream(.deflate(level: level))
        try input.readChunks { chunk in try deflater.feed(chunk, last: false, emit: output.write) }
        try deflater.feed(UnsafeRawBufferPointer(start: nil, count: 0), last: true, emit: output.write)
        if sync { try output.sync() }
    }

    /// Decompresses the zlib file at `source` into `target` (created or truncated), checking the
    /// content against `reference`: more bytes than it says, fewer, other bytes or data that is not
    /// zlib are ``CairnError/Code/conflict``. Returns the content's size.
    static func expand(_ source: String, to target: String, reference: BlobReference, name: String) throws {
        let input = try BlobFile(reading: source)
        let output = try BlobFile(writing: target)
        let check = ContentCheck(reference: reference, name: name)
        let inflater = try ZlibStream(.inflate)
        do {
            let emit: (UnsafeRawBufferPointer) throws -> Void = { bytes in
                try check.add(bytes)
                try output.write(bytes)
            }
            try input.readChunks { chunk in try inflater.feed(chunk, last: false, emit: emit) }
            try inflater.feed(UnsafeRawBufferPointer(start: nil, count: 0), last: true, emit: emit)
        } catch let error as CairnError where error.code == .invalidArgument {
            throw CairnError(.conflict, "blob \(reference.sha256.hex) is corrupt: \(error.message)")
        }
        try check.finish()
    }
}
