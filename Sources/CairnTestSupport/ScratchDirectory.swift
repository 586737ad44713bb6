import CairnStore
import Foundation

/// Runs `body` with a new empty directory in the temporary directory, named `prefix` and a unique
/// suffix, and removes it afterwards, whatever `body` does. The removal (a tree of task attempts,
/// say) runs on a thread of its own, not on one of the few cooperative threads all tests share.
public func withScratchDirectory<T: Sendable>(_ prefix: String, _ body: (String) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(prefix + UUID().uuidString).path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return try await withCleanup {
        try await body(directory)
    } cleanup: {
        _ = try? await Blocking.run { try FileManager.default.removeItem(atPath: directory) }
    }
}
