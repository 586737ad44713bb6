import CairnCore
import CairnS3
import Foundation
import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

extension S3BlobStore {
    public func put(_ bytes: [UInt8]) async throws -> BlobReference {
        let level = configuration.compressionLevel
        let (digest, compressed) = try await BlobThreads.run {
            (SHA256Digest.of(bytes), try Zlib.compress(bytes, level: level))
        }
        let reference = try BlobReference(uri: uri(of: digest), size: Int64(bytes.count), sha256: digest)
        try await client.putObject(bucket: bucket, key: key(of: digest), bytes: ByteBuffer(bytes: compressed))
        existing.insert(digest)
        return reference
    }

    /// Hashes and compresses the file into a temporary one on the blob threads, then uploads that in
    /// parts (the client's multipart upload past one part size).
    public func put(file path: String) async throws -> BlobReference {
        let staged = temporaryPath()
        defer { unlink(staged) }
        let level = configuration.compressionLevel
        let (digest, size) = try await BlobThreads.run {
            let (digest, size) = try BlobFile.digest(of: path)
            try BlobFile.compress(path, to: staged, level: level, sync: false)
            return (digest, size)
        }
        let reference = try BlobReference(uri: uri(of: digest), size: size, sha256: digest)
        let chunks = FileChunks(file: try await BlobThreads.run { SharedFile(try BlobFile(reading: staged)) })
        try await client.upload(bucket: bucket, key: key(of: digest), from: chunks)
        existing.insert(digest)
        return reference
    }

    public func get(_ reference: BlobReference) async throws -> [UInt8] {
        try checkOwned(reference)
        let body = try await client.getObject(bucket: bucket, key: key(of: reference.sha256))
        // zlib never grows content by more than a few bytes per 16 KiB; more is not this object.
        let limit = Int(reference.size) + Int(reference.size) / 100 + (1 << 16)
        let compressed: ByteBuffer
        do {
            compressed = try await body.collect(upTo: limit)
        } catch let error as CairnError where error.code == .limitExceeded {
            throw CairnError(
                .conflict, "blob \(reference.sha256.hex) in \(description) is larger than its reference allows")
        }
        let name = description
        return try await BlobThreads.run {
            let content: [UInt8]
            do {
                content = try Zlib.decompress(Array(compressed.readableBytesView), maxOutput: Int(reference.size))
            } catch let error as CairnError {
                throw CairnError(.conflict, "blob \(reference.sha256.hex) in \(name) is corrupt: \(error.message)")
            }
            let check = ContentCheck(reference: reference, name: name)
            try content.withUnsafeBytes { try check.add($0) }
            try check.finish()
            return content
        }
    }

    /// Streams the object into a temporary file (a megabyte written at a time on the blob threads),
    /// then decompresses and checks it into `path`.
    public func get(_ reference: BlobReference, into path: String) async throws {
        try checkOwned(reference)
        let body = try await client.getObject(bucket: bucket, key: key(of: reference.sha256))
        let staged = temporaryPath()
        defer { unlink(staged) }
        let file = try await BlobThreads.run { SharedFile(try BlobFile(writing: staged, exclusive: true)) }
        var pending: [UInt8] = []
        for try await chunk in body {
            pending.append(contentsOf: chunk.readableBytesView)
            if pending.count >= 1 << 20 {
                let batch = pending
                pending.removeAll(keepingCapacity: true)
                try await BlobThreads.run { try batch.withUnsafeBytes { try file.file.write($0) } }
            }
        }
        let batch = pending
        let name = description
        try await BlobThreads.run {
            try batch.withUnsafeBytes { try file.file.write($0) }
            try BlobFile.expand(staged, to: path, reference: reference, name: name)
        }
    }

    func temporaryPath() -> String {
        (configuration.temporaryDirectory as NSString).appendingPathComponent("cairn-blob-\(UUID().uuidString)")
    }
}

/// A file handed between the blob threads one call at a time.
final class SharedFile: @unchecked Sendable {
    // Unchecked: every use is one BlobThreads.run awaited before the next, so never two threads at once.
    let file: BlobFile
    init(_ file: BlobFile) { self.file = file }
}

/// A staged file's bytes as an async sequence of megabyte chunks, each read on the blob threads.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let file: SharedFile

    func makeAsyncIterator() -> Iterator { Iterator(file: file) }

    struct Iterator: AsyncIteratorProtocol {
        let file: SharedFile
        mutating func next() async throws -> [UInt8]? {
            let file = self.file
            let chunk = try await BlobThreads.run { try file.file.readChunk(limit: 1 << 20) }
            return chunk.isEmpty ? nil : chunk
        }
    }
}
