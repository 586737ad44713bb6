import CairnCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension BlobStore {
    /// Stores the bytes of `chunks`: they are spooled to a temporary file (written on the blob
    /// threads) and stored with ``put(file:)``, so the value is never whole in memory.
    public func put<Chunks: AsyncSequence>(chunks: Chunks) async throws -> BlobReference
    where Chunks.Element == [UInt8] {
        let staged = (NSTemporaryDirectory() as NSString).appendingPathComponent("cairn-put-\(UUID().uuidString)")
        defer { unlink(staged) }
        let file = try await BlobThreads.run { SharedFile(try BlobFile(writing: staged, exclusive: true)) }
        var pending: [UInt8] = []
        for try await chunk in chunks {
            pending.append(contentsOf: chunk)
            if pending.count >= 1 << 20 {
                let batch = pending
                pending.removeAll(keepingCapacity: true)
                try await BlobThreads.run { try batch.withUnsafeBytes { try file.file.write($0) } }
            }
        }
        let batch = pending
        try await BlobThreads.run { try batch.withUnsafeBytes { try file.file.write($0) } }
        return try await put(file: staged)
    }
}
