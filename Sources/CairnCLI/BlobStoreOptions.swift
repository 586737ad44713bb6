import ArgumentParser
import CairnBlobs
import CairnCore
import CairnS3
import Foundation

/// Where the blob store is: `--blob-store` (`CAIRN_BLOB_STORE`) as `s3://bucket/prefix`, `file:///path`
/// or a path; else the local directory `--blob-dir`, else `CAIRN_BLOB_DIR`, else `<data-dir>/blobs`.
/// S3 credentials come from the environment (`AWS_ACCESS_KEY_ID`…, a profile, the shared file).
struct BlobStoreOptions: ParsableArguments {
    @Option(
        name: .customLong("blob-store"),
        help:
            "Blob store: s3://bucket/prefix, file:///path or a path (env CAIRN_BLOB_STORE; default the --blob-dir directory)."
    )
    var blobStore: String?

    @Option(
        name: .customLong("blob-dir"),
        help: "Local blob store directory (env CAIRN_BLOB_DIR; default <data-dir>/blobs).")
    var blobDirectory: String?

    @Option(
        name: .customLong("s3-endpoint"),
        help: "S3 endpoint URL, for S3-compatible servers (env CAIRN_S3_ENDPOINT; default AWS).")
    var s3Endpoint: String?

    @Option(
        name: .customLong("s3-region"),
        help: "Region S3 requests are signed for (env CAIRN_S3_REGION, else AWS_REGION; default us-east-1).")
    var s3Region: String?

    @Flag(
        name: .customLong("s3-path-style"),
        help: "Path-style S3 addressing, which S3-compatible servers need (env CAIRN_S3_PATH_STYLE=true).")
    var s3PathStyle = false

    @Option(
        name: .customLong("s3-exists-cache"),
        help:
            "How long a blob found in S3 counts as existing without asking again, e.g. 30s; 0 asks every time (env CAIRN_S3_EXISTS_CACHE)."
    )
    var s3ExistsCache: String?

    func validate() throws {
        _ = try location(dataDirectory: "/")
        _ = try s3Configuration(location: S3Location(bucket: "validate"))
    }

    /// Where the store is: a local directory or an S3 location.
    enum Location: Equatable {
        case directory(String)
        case s3(S3Location)
    }

    /// The store the options and the environment name, given the data directory the command resolved.
    func location(dataDirectory: String) throws -> Location {
        guard let text = blobStore ?? Setting.blobStore.environmentValue else {
            return .directory(directory(dataDirectory: dataDirectory))
        }
        do {
            if text.hasPrefix("s3://") { return .s3(try S3Location(parsing: text, field: "blob-store")) }
        } catch let error as CairnError {
            throw ValidationError("--blob-store: \(error.message)")
        }
        if text.hasPrefix("file://") {
            let path = String(text.dropFirst("file://".count))
            guard path.hasPrefix("/") else {
                throw ValidationError("--blob-store \(text): a file URL needs an absolute path, file:///path")
            }
            return .directory(path)
        }
        guard !text.contains("://") else {
            throw ValidationError("--blob-store \(text): expected s3://bucket/prefix, file:///path or a path")
        }
        return .directory(text)
    }

    /// The local directory, given the data directory the command resolved.
    func directory(dataDirectory: String) -> String {
        blobDirectory ?? Setting.blobDirectory.environmentValue ?? dataDirectory + "/blobs"
    }

    /// Opens the store; call ``BlobStore/shutdown()`` when done.
    func store(dataDirectory: String) throws -> any BlobStore {
        switch try location(dataDirectory: dataDirectory) {
        case .directory(let path):
            return try LocalBlobStore(root: path)
        case .s3(let location):
            let configuration = try s3Configuration(location: location)
            let credentials: S3Credentials
            do {
                credentials = try S3Credentials.resolve(environment: ProcessInfo.processInfo.environment)
            } catch let error as CairnError {
                throw ValidationError("--blob-store \(location): \(error.message)")
            }
            do {
                return try S3BlobStore(configuration: configuration, credentials: credentials)
            } catch let error as CairnError {
                throw ValidationError(error.message)
            }
        }
    }

    /// Runs `body` with the store open and shuts it down after, whether `body` returns or throws.
    func withStore<T>(dataDirectory: String, _ body: (any BlobStore) async throws -> T) async throws -> T {
        let store = try store(dataDirectory: dataDirectory)
        do {
            let result = try await body(store)
            await store.shutdown()
            return result
        } catch {
            await store.shutdown()
            throw error
        }
    }

    /// The S3 settings of these options and the environment for `location`.
    func s3Configuration(location: S3Location) throws -> S3BlobStore.Configuration {
        var client = S3Client.Configuration()
        let environment = ProcessInfo.processInfo.environment
        client.endpoint = s3Endpoint ?? Setting.s3Endpoint.environmentValue
        if let region = s3Region ?? Setting.s3Region.environmentValue
            ?? environment["AWS_REGION"].flatMap({
                $0.isEmpty ? nil : $0
            })
        {
            client.region = region
        }
        switch Setting.s3PathStyle.environmentValue {
        case nil, "false": client.pathStyle = s3PathStyle
        case "true": client.pathStyle = true
        case let other?: throw ValidationError("CAIRN_S3_PATH_STYLE \(other): expected true or false")
        }
        var configuration = S3BlobStore.Configuration(location: location, client: client)
        if let text = s3ExistsCache ?? Setting.s3ExistsCache.environmentValue {
            guard let interval = DurationText.duration(text) else {
                throw ValidationError("--s3-exists-cache is not a duration like 30s: \(text)")
            }
            configuration.existsCacheInterval = interval
        }
        do {
            try configuration.validate()
        } catch let error as CairnError {
            throw ValidationError(error.message)
        }
        return configuration
    }
}
