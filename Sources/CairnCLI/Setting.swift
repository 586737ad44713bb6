import ArgumentParser
import CairnCore
import Foundation

/// Every environment variable `cairn` reads. Each mirrors a command-line option; the option wins
/// when both are given. `docker-compose.yml` may only use these names (a test checks it).
public enum Setting: String, CaseIterable, Sendable {
    /// libpq connection string or `postgresql://` URL; no value starts an embedded PostgreSQL.
    case databaseURL = "CAIRN_DATABASE_URL"
    /// Directory for Cairn's local data (the embedded PostgreSQL cluster).
    case dataDirectory = "CAIRN_DATA_DIR"
    /// Port of the embedded PostgreSQL (its socket name; its TCP port if TCP is on).
    case postgresPort = "CAIRN_POSTGRES_PORT"
    /// Also let the embedded PostgreSQL listen on TCP at this address.
    case postgresListen = "CAIRN_POSTGRES_LISTEN"
    /// PostgreSQL connections (one worker thread each) in the store's pool.
    case databaseConnections = "CAIRN_DB_CONNECTIONS"
    /// Apply missing migrations when `cairn serve` starts (`true` by default).
    case migrateOnStart = "CAIRN_MIGRATE"
    /// The catalog server's TCP address.
    case host = "CAIRN_HOST"
    /// The catalog server's TCP port.
    case port = "CAIRN_PORT"
    /// The catalog server's Unix socket path.
    case unixSocket = "CAIRN_UNIX_SOCKET"
    /// Password of the `reader` user (read-only commands).
    case readerPassword = "CAIRN_READER_PASSWORD"
    /// Password of the `writer` user (also `AUTH <password>`): reads and writes.
    case writerPassword = "CAIRN_WRITER_PASSWORD"
    /// Password of the `admin` user: everything, including purges.
    case adminPassword = "CAIRN_ADMIN_PASSWORD"
    /// A YAML file with `reader:`, `writer:` and `admin:` passwords.
    case passwordFile = "CAIRN_PASSWORD_FILE"
    /// The hot cache's budget (bytes, or with a KiB/MiB/GiB suffix); 0 turns it off.
    case hotCacheSize = "CAIRN_HOT_CACHE_SIZE"
    /// Most open client connections.
    case maxClients = "CAIRN_MAX_CLIENTS"
    /// Most unanswered requests per connection before the server stops reading it.
    case maxPipelineDepth = "CAIRN_MAX_PIPELINE"
    /// Seconds a client may stay silent before it is disconnected; 0 never.
    case idleTimeout = "CAIRN_IDLE_TIMEOUT"
    /// Port of the HTTP listener (`/metrics`, `/healthz`, `/readyz`); unset means no listener.
    case httpPort = "CAIRN_HTTP_PORT"
    /// The HTTP listener's port under its earlier name, an alias of ``httpPort``.
    case metricsPort = "CAIRN_METRICS_PORT"
    /// Port of the gRPC listener (Flyte's datacatalog and cache service); unset means none.
    case grpcPort = "CAIRN_GRPC_PORT"
    /// PEM certificate chain the gRPC listener offers; with ``tlsKey`` it serves TLS.
    case tlsCertificate = "CAIRN_TLS_CERT"
    /// PEM private key of ``tlsCertificate``.
    case tlsKey = "CAIRN_TLS_KEY"
    /// Largest gRPC request message, in bytes or with a unit (16MiB).
    case grpcMaxMessage = "CAIRN_GRPC_MAX_MESSAGE"
    /// Longest reservation heartbeat granted to Flyte clients, in seconds.
    case reservationMaxHeartbeat = "CAIRN_RESERVATION_MAX_HEARTBEAT"
    /// How many heartbeats a Flyte reservation lasts.
    case reservationGraceMultiplier = "CAIRN_RESERVATION_GRACE_MULTIPLIER"
    /// `server` (the server's passwords; loopback only without them) or `open` (any client).
    case flyteAccess = "CAIRN_FLYTE_ACCESS"
    /// Where the client commands (`cairn get`, `put`, …) find the server: `host:port`, `host`, or a
    /// Unix socket path.
    case catalog = "CAIRN_CATALOG"
    /// User the client commands authenticate as (`AUTH user password`).
    case user = "CAIRN_USER"
    /// Password the client commands authenticate with; prefer it to `--password`, which other
    /// users of the machine can see in the process list.
    case password = "CAIRN_PASSWORD"
    /// Log level: trace, debug, info, notice, warning, error, critical.
    case logLevel = "CAIRN_LOG_LEVEL"
    /// Directory of the local blob store (offloaded outputs); default `<data-dir>/blobs`.
    case blobDirectory = "CAIRN_BLOB_DIR"
    /// The blob store: `s3://bucket/prefix`, `file:///path` or a path; default the local directory.
    case blobStore = "CAIRN_BLOB_STORE"
    /// The S3 endpoint URL for an S3-compatible server; default AWS.
    case s3Endpoint = "CAIRN_S3_ENDPOINT"
    /// The region S3 requests are signed for; default `AWS_REGION`, else us-east-1.
    case s3Region = "CAIRN_S3_REGION"
    /// `true`: path-style S3 addressing (S3-compatible servers); default virtual-hosted.
    case s3PathStyle = "CAIRN_S3_PATH_STYLE"
    /// How long a blob found in S3 is known to exist without asking again; default 30s.
    case s3ExistsCache = "CAIRN_S3_EXISTS_CACHE"
    /// Whether `cairn serve` checks that a cache hit's objects in the blob directory exist: `exists` (default) or `off`.
    case blobCheck = "CAIRN_BLOB_CHECK"
    /// Directory for the engine's work files and task logs; default `<data-dir>/runs`.
    case runDirectory = "CAIRN_RUN_DIR"
    /// Directory under which each execution gets its raw-data prefix; default `<data-dir>/raw`.
    case rawDataDirectory = "CAIRN_RAW_DATA_DIR"
    /// Most task processes the engine runs at once.
    case parallelism = "CAIRN_PARALLELISM"
    /// Outputs at least this large go to the blob store.
    case offloadMin = "CAIRN_OFFLOAD_MIN"
    /// Outputs at least this large fail their node.
    case offloadMax = "CAIRN_OFFLOAD_MAX"
    /// Artifacts deleted per transaction by purges and the expiry sweeper.
    case purgeBatch = "CAIRN_PURGE_BATCH"
    /// Blob objects written or reused more recently than this are never deleted (collection, fsck).
    case blobGrace = "CAIRN_BLOB_GRACE"
    /// Time between the server's expiry sweeps; 0 turns the sweeper off.
    case sweepInterval = "CAIRN_SWEEP_INTERVAL"
    /// The catalog's size budget (inline bytes plus blob bytes); off when unset.
    case maxSize = "CAIRN_MAX_SIZE"
    /// Where eviction for the budget stops, in percent of it.
    case maxSizeLowWater = "CAIRN_MAX_SIZE_LOW_WATER"
    /// Seconds a write waits for evictions to make room under the budget before it fails.
    case maxSizeWriteWait = "CAIRN_MAX_SIZE_WRITE_WAIT"

    /// `value` (the option `name`'s) if given, else this variable read as an integer, else `nil`;
    /// either must lie in `range`.
    /// - Throws: `ValidationError` naming the option or the variable and the range.
    func integer(overriding value: Int?, option name: String, in range: NumericRange) throws -> Int? {
        do {
            if let value { return try range.check(value, argument: name) }
            guard let text = environmentValue else { return nil }
            return Int(try range.parse(text, argument: rawValue))
        } catch let error as CairnError {
            throw ValidationError(error.message)
        }
    }

    /// The value in the process environment, if set and not empty.
    public var environmentValue: String? {
        guard let value = ProcessInfo.processInfo.environment[rawValue], !value.isEmpty else { return nil }
        return value
    }
}
