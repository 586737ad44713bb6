import CairnCore
import Crypto
import Foundation

/// Turns a path a task wrote into a file literal: its absolute path, size and SHA-256.
enum FileHasher {
    /// `path` may be relative to the node's raw-data directory. Blocking.
    static func file(at path: String, relativeTo base: String) throws -> FileLiteral {
        let absolute = path.hasPrefix("/") ? path : base + "/" + path
        guard let handle = FileHandle(forReadingAtPath: absolute) else {
            throw CairnError.invalid("file", "\(absolute) does not exist or cannot be read")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += Int64(chunk.count)
        }
        let digest = SHA256Digest(bytes: Array(hasher.finalize()))!
        return FileLiteral(uri: URL(fileURLWithPath: absolute).standardizedFileURL.path, size: size, sha256: digest)
    }
}
