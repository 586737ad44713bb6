import CairnCore

/// What a node's background work needs, taken from the scheduler when the node starts running.
struct NodeWork: Sendable {
    var index: Int
    var job: TaskRunner.Job
    /// Where its outputs are cached; `nil` when caching is off for it.
    var key: CacheKey?
    /// For a dynamic node with caching on: where its compiled future is cached.
    var futureKey: CacheKey?
    /// The status the node has so far (MISS, LOOKUP_FAILURE, SKIPPED or DISABLED).
    var cache: CacheStatus
    /// The workflow (or future) the node belongs to, to compile a dynamic node's future against.
    var scope: CompiledWorkflow
}

/// What node work reports back to the scheduler.
enum NodeEvent: Sendable {
    /// A `CACHE.MGET` for these nodes came back.
    case lookedUp([Int], Result<[CachedOutputs], EngineError>)
    /// A node finished (a dynamic node: its final put after its future's nodes).
    case finished(Int, NodeResult)
    /// A dynamic node has its future.
    case future(Int, FutureResult)
    /// A state write finished (with the error, if it failed).
    case saved(String?)
    /// An offloaded value a node's bindings step into was read back (or could not be).
    case blobRead(Int, AfterBlob, SHA256Digest, Result<Literal, EngineError>)
    /// A `CACHE.MGET` for elements of map nodes came back.
    case elementsLookedUp([(node: Int, element: Int)], Result<[CachedOutputs], EngineError>)
    /// One element of a map node finished its run.
    case elementFinished(Int, Int, NodeResult)
    /// A map node's list outputs are assembled (and offloaded when large), or could not be.
    case mapAssembled(Int, Result<[Literal], EngineError>)
    /// A task process group started or ended, from the watcher, which ``Execution/run()`` does
    /// not count as work in flight; `watching: false` when no change will follow (cancelled).
    case taskGroupsChanged(watching: Bool)
}

/// What to do with a node once an offloaded value it waited for is read back.
enum AfterBlob: Sendable {
    /// Start it (its inputs step into the value).
    case start
    /// Finish the dynamic node (its future's outputs step into the value).
    case finishOwner
}

struct NodeResult: Sendable {
    var outputs: Result<[Literal], EngineError>
    var cache: CacheStatus
    var attempts: Int
    /// What the report should say about the node (a cached result it discarded), if anything.
    var note: String?
}

struct FutureResult: Sendable {
    var future: Result<(compiled: CompiledWorkflow, encoded: [UInt8]), EngineError>
    var cache: CacheStatus
    var attempts: Int
    var fromCatalog: Bool
    /// Generator plus compiler time: measured now, or recorded with the cached future.
    var compileMillis: Int64?
    /// Milliseconds obtaining the future took in this run: the lookup alone on a catalog hit.
    var obtainMillis: Double = 0
    /// What the report should say about the node (a cached future it discarded), if anything.
    var note: String?
}
