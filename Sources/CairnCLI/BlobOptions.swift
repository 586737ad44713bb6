import ArgumentParser
import CairnBlobs
import CairnServer

/// `cairn serve`'s local blob store: where it is (the directory `cairn run` offloads outputs to)
/// and whether a cache hit read from the store has its objects there checked.
struct BlobOptions: ParsableArguments {
    @Option(
        name: .customLong("blob-dir"),
        help: "Local blob store directory (env CAIRN_BLOB_DIR; default <data-dir>/blobs).")
    var blobDirectory: String?

    @Option(
        name: .customLong("blob-check"),
        help:
            "exists: a cache hit whose object in --blob-dir is gone answers as a miss and loses its artifact; off: no check (env CAIRN_BLOB_CHECK; default exists)."
    )
    var blobCheck: String?

    func validate() throws {
        _ = try checks()
    }

    /// `option`, else `CAIRN_BLOB_DIR`, else `<data-dir>/blobs`: how `cairn run` and `cairn serve`
    /// find the same store.
    static func directory(_ option: String?, dataDirectory: String) -> String {
        option ?? Setting.blobDirectory.environmentValue ?? dataDirectory + "/blobs"
    }

    /// Whether the option, else `CAIRN_BLOB_CHECK`, else the default turns the check on.
    func checks() throws -> Bool { try Self.mode(blobCheck ?? Setting.blobCheck.environmentValue ?? "exists") }

    /// The check these options and the environment ask for; when on, the directory is opened
    /// (created if missing, as `cairn run` does: after the database, whose embedded cluster
    /// creates the data directory with the modes it needs).
    func blobCheck(dataDirectory: String) throws -> CatalogServer.BlobCheck {
        guard try checks() else { return .off }
        return .exists(try LocalBlobStore(root: Self.directory(blobDirectory, dataDirectory: dataDirectory)))
    }

    /// What the start-up summary says about the check.
    static func describe(_ check: CatalogServer.BlobCheck) -> String {
        switch check {
        case .off: "blob check off"
        case .exists(let blobs): "blob check on \(blobs.root)"
        }
    }

    /// Whether `text` turns the check on.
    private static func mode(_ text: String) throws -> Bool {
        switch text {
        case "exists": return true
        case "off": return false
        default: throw ValidationError("--blob-check \(text): expected exists or off")
        }
    }
}
