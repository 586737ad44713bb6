import ArgumentParser
import CairnBlobs
import Foundation

/// Where the local blob store is: `--blob-dir`, else `CAIRN_BLOB_DIR`, else `<data-dir>/blobs`.
struct BlobStoreOptions: ParsableArguments {
    @Option(
        name: .customLong("blob-dir"),
        help: "Local blob store directory (env CAIRN_BLOB_DIR; default <data-dir>/blobs).")
    var blobDirectory: String?

    /// The directory, given the data directory the command resolved.
    func directory(dataDirectory: String) -> String {
        blobDirectory ?? Setting.blobDirectory.environmentValue ?? dataDirectory + "/blobs"
    }
}
