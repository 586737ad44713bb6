import CairnCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension LocalBlobStore {
    /// Walks `<root>/<2 hex>/` a shard directory at a time on the blob threads: objects, temporary
    /// files (`.tmp-*`, named but without a digest) and anything else (no digest).
    public func list() -> AsyncThrowingStream<ListedObject, any Error> {
        let root = self.root
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ListedObject.self)
        let task = Task {
            do {
                let shards = try await BlobThreads.run { try Self.names(in: root) }
                for shard in shards {
                    let entries = try await BlobThreads.run { try Self.entries(in: root, shard: shard) }
                    for entry in entries {
                        try Task.checkCancellation()
                        continuation.yield(entry)
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// The entries of one name at the root: a temporary file, a shard directory's contents, or one
    /// unrecognized entry.
    static func entries(in root: String, shard: String) throws -> [ListedObject] {
        let path = root + "/" + shard
        var info = stat()
        guard lstat(path, &info) == 0 else { return [] }
        if shard.hasPrefix(".tmp-") {
            return [ListedObject(name: path, digest: nil, isTemporary: true, object: stored(info))]
        }
        guard info.st_mode & S_IFMT == S_IFDIR, shard.utf8.count == 2, shard.utf8.allSatisfy(isLowerHex) else {
            return [ListedObject(name: path, digest: nil, object: stored(info))]
        }
        return try names(in: path).compactMap { name in
            let file = path + "/" + name
            guard lstat(file, &info) == 0 else { return nil }
            let regular = info.st_mode & S_IFMT == S_IFREG
            return ListedObject(
                name: file, digest: regular ? objectDigest(name, shard: shard) : nil,
                isTemporary: regular && name.hasPrefix(".tmp-"), object: stored(info))
        }
    }

    static func names(in directory: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw CairnError(.unavailable, "blob store: cannot list \(directory): \(error.localizedDescription)")
        }
    }

    /// The digest of an object file named `<64 lowercase hex>.z` in the directory of its first two digits.
    static func objectDigest(_ name: String, shard: String) -> SHA256Digest? {
        guard name.hasSuffix(".z"), name.utf8.count == 66, name.hasPrefix(shard) else { return nil }
        let hex = name.dropLast(2)
        guard hex.utf8.allSatisfy(isLowerHex) else { return nil }
        return try? SHA256Digest(hex: String(hex))
    }

    static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
