import CairnBlobs
import CairnCore
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A put into a directory that cannot be written names the real cause (the directory and its
/// errno), not the "No such file or directory" the temporary file inside it would then fail with.
/// The tests run as root, which ignores permission bits, so the failures are ones root meets too.
@Suite struct BlobDirectoryErrorTests {
    static let content = Array(String(repeating: "blob directory test\n", count: 512).utf8)

    /// The message of the CairnError `body` throws.
    static func message(_ body: () async throws -> BlobReference) async -> String? {
        do {
            _ = try await body()
            return nil
        } catch {
            return (error as? CairnError)?.message
        }
    }

    static func withRoot(_ body: (String) async throws -> Void) async throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-blobdir-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        try await body(parent)
    }

    @Test func aShardDirectoryThatIsADanglingLinkIsNamed() async throws {
        try await Self.withRoot { parent in
            let store = try LocalBlobStore(root: parent + "/blobs")
            let shard = (store.path(of: SHA256Digest.of(Self.content)) as NSString).deletingLastPathComponent
            try FileManager.default.createSymbolicLink(atPath: shard, withDestinationPath: parent + "/nowhere")
            let message = try #require(await Self.message { try await store.put(Self.content) })
            #expect(message.contains("cannot create \(shard): it exists and is not a directory"), "\(message)")
            #expect(!message.contains("No such file or directory"), "\(message)")
        }
    }

    @Test func aRootReplacedByAFileIsNamed() async throws {
        try await Self.withRoot { parent in
            let store = try LocalBlobStore(root: parent + "/blobs")
            try FileManager.default.removeItem(atPath: store.root)
            #expect(FileManager.default.createFile(atPath: store.root, contents: Data("x".utf8)))
            let shard = (store.path(of: SHA256Digest.of(Self.content)) as NSString).deletingLastPathComponent
            let message = try #require(await Self.message { try await store.put(Self.content) })
            #expect(message.contains("cannot create \(shard): Not a directory"), "\(message)")
        }
    }

    @Test func aRemovedRootIsCreatedAgain() async throws {
        try await Self.withRoot { parent in
            let store = try LocalBlobStore(root: parent + "/blobs")
            try FileManager.default.removeItem(atPath: parent + "/blobs")
            let reference = try await store.put(Self.content)
            #expect(try await store.get(reference) == Self.content)
        }
    }

    /// The code and message of the CairnError a get throws.
    static func getFailure(_ store: LocalBlobStore, _ reference: BlobReference) async -> (CairnError.Code, String)? {
        do {
            _ = try await store.get(reference)
            return nil
        } catch {
            return (error as? CairnError).map { ($0.code, $0.message) }
        }
    }

    /// An object is reported gone (not found) only from a blob directory that is there: a directory
    /// gone as a whole (unmounted) or an object that cannot be read says nothing about the object.
    @Test func aGetSaysMissingOnlyWhenTheObjectIsGone() async throws {
        try await Self.withRoot { parent in
            let store = try LocalBlobStore(root: parent + "/blobs")
            let reference = try await store.put(Self.content)
            let path = store.path(of: reference.sha256)

            try FileManager.default.removeItem(atPath: path)
            let missing = try #require(await Self.getFailure(store, reference))
            #expect(missing.0 == .notFound)
            #expect(missing.1 == "blob \(reference.sha256.hex) is missing from \(store.root)")

            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            let unreadable = try #require(await Self.getFailure(store, reference))
            #expect(unreadable.0 == .unavailable)
            #expect(unreadable.1 == "blob store: cannot read \(path): Is a directory")

            try FileManager.default.removeItem(atPath: store.root)
            let gone = try #require(await Self.getFailure(store, reference))
            #expect(gone.0 == .unavailable)
            #expect(gone.1 == "blob store: the directory \(store.root) is missing")
        }
    }

    /// Whether this process may mount file systems (root with CAP_SYS_ADMIN, bit 21 of CapEff).
    static var canMount: Bool {
        guard geteuid() == 0, let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("CapEff:") }),
            let mask = UInt64(line.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        return mask & (1 << 21) != 0
    }

    static func mount(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/mount")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CairnError(.internalError, "mount \(arguments.joined(separator: " ")) failed")
        }
    }

    /// The issue's case: a blob directory on a file system that became read-only.
    @Test(.enabled(if: canMount)) func aReadOnlyFileSystemIsNamed() async throws {
        try await Self.withRoot { parent in
            let mountPoint = parent + "/mnt"
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            try Self.mount(["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint])
            defer {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/umount")
                process.arguments = [mountPoint]
                if (try? process.run()) != nil { process.waitUntilExit() }
            }
            let store = try LocalBlobStore(root: mountPoint + "/blobs")
            try Self.mount(["-o", "remount,ro", mountPoint])
            let shard = (store.path(of: SHA256Digest.of(Self.content)) as NSString).deletingLastPathComponent
            let message = try #require(await Self.message { try await store.put(Self.content) })
            #expect(message.contains("cannot create \(shard): Read-only file system"), "\(message)")
        }
    }
}
