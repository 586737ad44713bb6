import ArgumentParser
import CairnBlobs
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

    @Test func theBlobDirectoryDefaultsToBlobsUnderTheDataDirectoryAsForRun() throws {
        #expect(Setting.blobDirectory.environmentValue == nil, "the test needs CAIRN_BLOB_DIR unset")
        #expect(try BlobStoreOptions.parse([]).directory(dataDirectory: "/d") == "/d/blobs")
        #expect(
            try BlobStoreOptions.parse(["--blob-dir", "/elsewhere"]).directory(dataDirectory: "/d") == "/elsewhere")
    }

    @Test func theCheckIsOnByDefaultOverTheBlobDirectoryAndCanBeTurnedOff() async throws {
        #expect(Setting.blobCheck.environmentValue == nil, "the test needs CAIRN_BLOB_CHECK unset")
        try await withDirectory { directory in
            let store = try LocalBlobStore(root: directory + "/blobs")
            let check = try BlobOptions.parse([]).requestedCheck()
            #expect(check == .exists)
            #expect(BlobOptions.describe(check, store) == "blob check on \(directory)/blobs")
            #expect(BlobOptions.describe(check, nil) == "blob check off")
            let off = try BlobOptions.parse(["--blob-check", "off"]).requestedCheck()
            #expect(off == .off)
            #expect(BlobOptions.describe(off, store) == "blob check off")
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
