import ArgumentParser
import CairnCore
import CairnEngine
import Foundation

/// How `cairn run` runs nodes: parallelism, limits, directories.
struct EngineOptions: ParsableArguments {
    @Option(help: "Most task processes at once (env CAIRN_PARALLELISM; default: cores, at least 4).")
    var parallelism: Int?

    @Flag(
        name: .customLong("overwrite-cache"),
        help: "Run every node and replace what the catalog holds (status SKIPPED).")
    var overwriteCache = false

    @Option(
        name: .customLong("offload-min"),
        help: "Outputs this large go to the blob store (env CAIRN_OFFLOAD_MIN; default 1MiB).")
    var offloadMin: String?

    @Option(
        name: .customLong("offload-max"),
        help: "Outputs this large fail their node (env CAIRN_OFFLOAD_MAX; default 1GiB).")
    var offloadMax: String?

    @OptionGroup var blobStore: BlobStoreOptions

    @Option(
        name: .customLong("run-dir"), help: "Work files and task logs (env CAIRN_RUN_DIR; default <data-dir>/runs).")
    var runDirectory: String?

    @Option(
        name: .customLong("raw-data"),
        help: "Raw-data root for task files (env CAIRN_RAW_DATA_DIR; default <data-dir>/raw).")
    var rawDataDirectory: String?

    @Option(
        name: .customLong("retry-backoff"),
        help: "Seconds before the first retry; doubles per retry up to 30 s (default 1).")
    var retryBackoff: Double?

    @Option(
        name: .customLong("catalog-timeout"),
        help: "Seconds a catalog request may take before the node runs without it (default 10).")
    var catalogTimeout: Int64?

    func validate() throws {
        _ = try resolvedParallelism()
        if let retryBackoff, !(0...3600).contains(retryBackoff) {
            throw ValidationError("--retry-backoff must be between 0 and 3600 seconds")
        }
        if let catalogTimeout, !(1...3600).contains(catalogTimeout) {
            throw ValidationError("--catalog-timeout must be between 1 and 3600 seconds")
        }
    }

    func configuration(dataDirectory: String) throws -> WorkflowEngine.Configuration {
        var configuration = WorkflowEngine.Configuration(
            runDirectory: absolute(runDirectory ?? Setting.runDirectory.environmentValue ?? dataDirectory + "/runs"),
            rawDataDirectory: absolute(
                rawDataDirectory ?? Setting.rawDataDirectory.environmentValue ?? dataDirectory + "/raw"))
        configuration.parallelism = try resolvedParallelism() ?? max(4, ProcessInfo.processInfo.activeProcessorCount)
        if let text = offloadMin ?? Setting.offloadMin.environmentValue {
            configuration.offloadMin = try Self.size(text, option: "--offload-min")
        }
        if let text = offloadMax ?? Setting.offloadMax.environmentValue {
            configuration.offloadMax = try Self.size(text, option: "--offload-max")
        }
        guard configuration.offloadMin < configuration.offloadMax else {
            throw ValidationError("--offload-min must be below --offload-max")
        }
        if let retryBackoff { configuration.retryBackoff = .milliseconds(Int64(retryBackoff * 1000)) }
        configuration.overwriteCache = overwriteCache
        return configuration
    }

    /// `--parallelism` or `CAIRN_PARALLELISM`, 1 … 4096.
    private func resolvedParallelism() throws -> Int? {
        try Setting.parallelism.integer(overriding: parallelism, option: "--parallelism", in: NumericRange(1, 4096))
    }

    private static func size(_ text: String, option: String) throws -> Int {
        guard let bytes = ByteSize.parse(text) else {
            throw ValidationError("\(option) \(text): expected bytes or a size such as 64MiB or 1GiB")
        }
        return bytes
    }

    private func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
