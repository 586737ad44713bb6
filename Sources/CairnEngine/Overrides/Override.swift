import CairnCore

/// Changes to a task's settings chosen at launch (`--overrides <file>`, `--override <name>.<field>=<value>`).
/// Every field is optional: `nil` (or empty) leaves the task's setting as it is.
public struct Override: Hashable, Sendable {
    /// `cache`: turns caching on or off.
    public var cache: Bool?
    /// `cache_version`: the cache version (part of the dataset version).
    public var cacheVersion: String?
    /// `serialize`: one execution per cache key at a time.
    public var serialize: Bool?
    /// `retries`: extra attempts after a failure.
    public var retries: Int?
    /// `timeout`: how long one attempt may run.
    public var timeout: Duration?
    /// `environment`: variables set over the task's own (same names replaced).
    public var environment: [String: String] = [:]
    /// `resources.memory`: the address-space limit in bytes.
    public var memoryBytes: Int64?
    /// `resources.cpu`: the CPU-time limit in seconds.
    public var cpuSeconds: Int64?
    /// `task_config`: keys set over the task's `task_config` (same keys replaced).
    public var taskConfig: [String: Literal] = [:]

    public init() {}

    /// The fields an override may set, as written in files and assignments.
    public static let fields = [
        "cache", "cache_version", "serialize", "retries", "timeout", "environment", "resources", "task_config",
    ]

    /// `settings` with this override's fields applied.
    public func applied(to settings: TaskSettings) -> TaskSettings {
        var settings = settings
        if let cache { settings.cache.enabled = cache }
        if let cacheVersion { settings.cache.version = cacheVersion }
        if let serialize { settings.cache.serialize = serialize }
        if let retries { settings.retries = retries }
        if let timeout { settings.timeout = timeout }
        settings.environment.merge(environment) { _, new in new }
        if let memoryBytes { settings.resources.memoryBytes = memoryBytes }
        if let cpuSeconds { settings.resources.cpuSeconds = cpuSeconds }
        if !taskConfig.isEmpty {
            var config: [String: Literal] = [:]
            if case .map(let base)? = settings.taskConfig { config = base }
            config.merge(taskConfig) { _, new in new }
            settings.taskConfig = .map(config)
        }
        return settings
    }
}
