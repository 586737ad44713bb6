import ArgumentParser
import CairnServer
import Foundation
import Testing

@testable import CairnCLI

@Suite struct BlobOptionsTests {
    /// A directory name under /tmp that does not exist yet; removed afterwards.
    func withDirectory(_ body: (String) async throws -> Void) async throws {
        let directory = "/tmp/cairn-blobopts-" + UUID().uuidString.prefix(8).lowercased()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await body(directory)
    }

    @Test func theBlobDirectoryDefaultsToBlobsUnderTheDataDirectoryAsForRun() {
        #expect(Setting.blobDirectory.environmentValue == nil, "the test needs CAIRN_BLOB_DIR unset")
        #expect(BlobOptions.directory(nil, dataDirectory: "/d") == "/d/blobs")
        #expect(BlobOptions.directory("/elsewhere", dataDirectory: "/d") == "/elsewhere")
    }

    @Test func theCheckIsOnByDefaultOverTheBlobDirectory() async throws {
        #expect(Setting.blobCheck.environmentValue == nil, "the test needs CAIRN_BLOB_CHECK unset")
        try await withDirectory { directory in
            let check = try BlobOptions.parse([]).blobCheck(dataDirectory: directory)
            guard case .exists(let blobs) = check else {
                Issue.record("expected the check on, got \(check)")
                return
            }
            #expect(blobs.root == directory + "/blobs")
            #expect(FileManager.default.fileExists(atPath: directory + "/blobs"))
            #expect(BlobOptions.describe(check) == "blob check on \(directory)/blobs")
        }
    }

    @Test func blobCheckOffNeedsNoDirectory() async throws {
        try await withDirectory { directory in
            let check = try BlobOptions.parse(["--blob-check", "off", "--blob-dir", directory]).blobCheck(
                dataDirectory: "/nonexistent")
            guard case .off = check else {
                Issue.record("expected the check off, got \(check)")
                return
            }
            #expect(!FileManager.default.fileExists(atPath: directory))
            #expect(BlobOptions.describe(check) == "blob check off")
        }
    }

    @Test func anUnknownModeIsRejected() {
        do {
            _ = try BlobOptions.parse(["--blob-check", "sometimes"])
            Issue.record("--blob-check sometimes was accepted")
        } catch {
            #expect(BlobOptions.message(for: error) == "--blob-check sometimes: expected exists or off")
        }
    }

    @Test func serveReportsTheCheckAndTakesItFromTheEnvironment() async throws {
        try await withDirectory { directory in
            try await withServe(["--data-dir", directory]) { serve in
                #expect(serve.output.contains("blob check on \(directory)/blobs\n"), "\(serve.output)")
            }
            try await withServe(environment: ["CAIRN_BLOB_CHECK": "off"]) { serve in
                #expect(serve.output.contains("blob check off\n"), "\(serve.output)")
            }
        }
    }
}
