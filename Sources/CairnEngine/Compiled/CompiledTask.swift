import CairnCore

/// A task as declared in the workflow file: its interface, how to run it and its settings.
public struct CompiledTask: Hashable, Sendable {
    /// How a task produces its outputs.
    public enum Kind: String, Hashable, Sendable {
        /// The command writes the outputs.
        case regular
        /// The command writes a future (a sub-workflow) whose outputs are the task's outputs.
        case dynamic
    }

    public var name: String
    public var kind: Kind
    public var inputs: [Parameter]
    public var outputs: [Parameter]
    /// argv; `command[0]` is looked up on `PATH` when it has no `/`. The process runs in the
    /// workflow file's directory, so relative paths are taken from there.
    public var command: [String]
    /// The settings an override can change.
    public var settings: TaskSettings
    /// The override name given to the task, if any (a node may give its own instead).
    public var overrideName: String?

    public init(
        name: String, kind: Kind, inputs: [Parameter], outputs: [Parameter], command: [String],
        settings: TaskSettings, overrideName: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.inputs = inputs
        self.outputs = outputs
        self.command = command
        self.settings = settings
        self.overrideName = overrideName
    }
}

/// What an override may change about how a node runs.
public struct TaskSettings: Hashable, Sendable {
    public var cache = CacheSettings()
    /// Extra attempts after a failure (0: run once).
    public var retries = 0
    /// How long one attempt may run before it is killed; `nil` for no limit.
    public var timeout: Duration?
    /// Environment variables added to the engine's own.
    public var environment: [String: String] = [:]
    public var resources = Resources()
    /// A free map handed to the task as JSON (`CAIRN_TASK_CONFIG`); `nil` for none.
    public var taskConfig: Literal?
    public init() {}
}

/// A task's cache settings (`cache:` in the workflow file).
public struct CacheSettings: Hashable, Sendable {
    public var enabled = false
    /// Part of the dataset version: change it to stop using older results.
    public var version = "1"
    /// Run at most one execution per cache key at a time (`CACHE.RESERVE`); others wait for it.
    public var serialize = false
    /// Inputs left out of the cache key.
    public var ignoreInputs: [String] = []
    /// How long a result stays in the cache; `nil` for as long as the catalog keeps it.
    public var ttl: Duration?
    /// Whether ``ttl`` counts from the result's last hit instead of its write (`cache.ttl_after_last_hit`):
    /// the engine's puts are sliding (`CACHE.PUT … TTL s SLIDING`), so a result in use stays.
    public var ttlCountsFromLastHit = false
    public init() {}
}

/// Limits applied to a task's process.
public struct Resources: Hashable, Sendable {
    /// Address-space limit in bytes (`RLIMIT_AS`); `nil` for none.
    public var memoryBytes: Int64?
    /// CPU-time limit in seconds (`RLIMIT_CPU`); `nil` for none.
    public var cpuSeconds: Int64?
    public init(memoryBytes: Int64? = nil, cpuSeconds: Int64? = nil) {
        self.memoryBytes = memoryBytes
        self.cpuSeconds = cpuSeconds
    }
}
