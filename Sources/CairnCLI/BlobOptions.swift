import ArgumentParser
import CairnBlobs
import CairnServer

/// Whether `cairn serve` checks, for a cache hit read from the store, that its objects are in the
/// local blob store (`--blob-dir`, the directory `cairn run` offloads outputs to).
struct BlobOptions: ParsableArguments {
    @Option(
        name: .customLong("blob-check"),
        help:
            "exists: a cache hit whose object in --blob-dir is gone answers as a miss and loses its artifact; off: no check (env CAIRN_BLOB_CHECK; default exists)."
    )
    var blobCheck: String?

    func validate() throws {
        _ = try checks()
    }

    /// Whether the option, else `CAIRN_BLOB_CHECK`, else the default turns the check on.
    func checks() throws -> Bool { try Self.mode(blobCheck ?? Setting.blobCheck.environmentValue ?? "exists") }

    /// The check these options and the environment ask for.
    func requestedCheck() throws -> CatalogServer.BlobCheck { try checks() ? .exists : .off }

    /// What the start-up summary says about the check of `store`.
    static func describe(_ check: CatalogServer.BlobCheck, _ store: (any BlobStore)?) -> String {
        switch (check, store) {
        case (.exists, let store?): "blob check on \(place(store))"
        default: "blob check off"
        }
    }

    /// Where a store is, for messages: a local store's directory, an S3 store's `s3://bucket/prefix`.
    static func place(_ store: any BlobStore) -> String { (store as? LocalBlobStore)?.root ?? store.description }

    /// Whether `text` turns the check on.
    private static func mode(_ text: String) throws -> Bool {
        switch text {
        case "exists": return true
        case "off": return false
        default: throw ValidationError("--blob-check \(text): expected exists or off")
        }
    }
}
