import CairnBlobs
import CairnCore
import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// `cairn admin purge` killed (SIGKILL, through `CAIRN_FAILPOINTS`) between its phases, then run
/// again: never a live row without its blob object, and in the end no orphan objects (fsck is clean)
/// and an empty deletion queue.
@Suite struct PurgeCrashTests {
    static let points = [
        "purge.batch-committed@1", "purge.batch-committed@3", "gc.object-deleted@1", "gc.object-deleted@5",
        "gc.batch-dequeued@1",
    ]

    @Test(arguments: points)
    func aPurgeKilledAtAnyPointLeavesNoDanglingReferenceAndARerunFinishesIt(point: String) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ServeCommandTests.binary))
        let root = "/tmp/cairn-crash-" + UUID().uuidString.prefix(8).lowercased()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await TestDatabase.withStore { store, url in
            let blobs = try LocalBlobStore(root: root + "/blobs")
            // 12 artifacts to purge, each with a blob of its own; 3 kept artifacts share the blobs
            // of the first 3, which must survive.
            var shared: [BlobReference] = []
            for n in 0..<12 {
                let blob = try await blobs.putOnThread(Array("blob \(n)".utf8))
                if n < 3 { shared.append(blob) }
                _ = try await store.put(
                    try DatasetID(parsing: "p/d/crash/v1"), try TagName("t\(n)"),
                    data: [try .inline("v", Array("\(n)".utf8))], blobs: [blob])
            }
            for (n, blob) in shared.enumerated() {
                _ = try await store.put(
                    try DatasetID(parsing: "p/d/keep/v1"), try TagName("k\(n)"),
                    data: [try .inline("v", Array("\(n)".utf8))], blobs: [blob])
            }
            let arguments = [
                ServeCommandTests.binary, "admin", "purge", "--database-url", url, "--blob-dir", root + "/blobs",
                "--blob-grace", "0s", "--batch-size", "5", "--dataset", "p/d/crash/v1",
            ]
            var environment = ProcessInfo.processInfo.environment
            environment["CAIRN_FAILPOINTS"] = point
            let killed = try await Self.run(arguments, environment: environment, log: root + "/killed.log")
            #expect(killed == 128 + SIGKILL, "\(point): \(Self.text(root + "/killed.log"))")
            #expect(try await Self.danglingReferences(url, blobs).isEmpty, "\(point)")
            let rerun = try await Self.run(
                arguments, environment: ProcessInfo.processInfo.environment, log: root + "/rerun.log")
            #expect(rerun == 0, "\(point): \(Self.text(root + "/rerun.log"))")
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM artifacts") == 3)
            #expect(try await TestDatabase.count(url, "SELECT count(*) FROM blob_deletions") == 0)
            #expect(try await Self.danglingReferences(url, blobs).isEmpty, "\(point)")
            #expect(try Self.objects(root + "/blobs") == Set(shared.map(\.sha256.hex)), "\(point)")
            let fsck = try await Self.run(
                [
                    ServeCommandTests.binary, "admin", "fsck", "--database-url", url, "--blob-dir", root + "/blobs",
                    "--grace", "0s",
                ],
                environment: ProcessInfo.processInfo.environment, log: root + "/fsck.log")
            #expect(fsck == 0, "\(point): fsck found drift: \(Self.text(root + "/fsck.log"))")
        }
    }

    static func run(_ argv: [String], environment: [String: String], log: String) async throws -> Int32 {
        try await Blocking.run {
            let pid = try ProcessRunner.spawn(argv, output: log, environment: environment)
            return try ProcessRunner.wait(pid)
        }
    }

    /// Referenced digests whose objects are missing.
    static func danglingReferences(_ url: String, _ blobs: LocalBlobStore) async throws -> [String] {
        let digests = try await TestDatabase.scalar(
            url, "SELECT coalesce(string_agg(DISTINCT encode(sha256, 'hex'), ','), '') FROM artifact_blobs")
        var dangling: [String] = []
        for hex in (digests ?? "").split(separator: ",").map(String.init) {
            guard let digest = try? SHA256Digest(hex: hex) else {
                dangling.append(hex)
                continue
            }
            if try await blobs.object(digest) == nil { dangling.append(hex) }
        }
        return dangling
    }

    /// The digests of the objects in the blob directory.
    static func objects(_ root: String) throws -> Set<String> {
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return Set(files.filter { $0.hasSuffix(".z") }.map { String($0.split(separator: "/").last!.dropLast(2)) })
    }

    static func text(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
}
