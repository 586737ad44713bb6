import CairnCore
import CairnStore
import Foundation

/// One run of a workflow: a scheduler loop that owns the graph and the state, and child tasks
/// for everything that waits (lookups, processes, puts, state writes), each reporting back a
/// ``NodeEvent``. Only this loop changes the state, so it needs no locks.
struct Execution {
    let context: ExecutionContext
    var graph: ExecutionGraph
    var state: ExecutionState
    /// The input values of each scope (the workflow's, and each future's: its dynamic node's).
    var scopeInputs: [Int: [String: Literal]] = [:]
    /// Bound inputs of nodes that have started.
    var nodeInputs: [Int: [String: Literal]] = [:]
    /// Nodes waiting for a lookup, with their keys.
    var lookupQueue: [(node: Int, key: CacheKey)] = []
    /// Nodes waiting for a process slot, with their planned cache status.
    var runQueue: [(node: Int, cache: CacheStatus)] = []
    /// Cache keys of started nodes, for the put (and a dynamic node's final put).
    var keys: [Int: CacheKey] = [:]
    /// The status a dynamic node carries while its future's nodes run.
    var plannedCache: [Int: CacheStatus] = [:]
    /// Offloaded values read back for paths into them, by content digest.
    var resolvedBlobs: [SHA256Digest: Literal] = [:]
    /// Offloaded values to read back before a node can start (or a dynamic node can finish).
    var blobQueue: [(node: Int, reference: OffloadedLiteral, then: AfterBlob)] = []
    /// Dynamic nodes whose outputs are ready to be stored in the catalog.
    var pendingPuts: [(owner: Int, key: CacheKey, outputs: [Literal], cache: CacheStatus)] = []
    /// What obtaining each dynamic node's future took in this run, for the report.
    var futureMillis: [Int: Double] = [:]
    /// What the report says about a node besides its status: a cached result this run discarded.
    var notes: [Int: String] = [:]
    /// Where each node's cached result came from (the lineage its artifact records), for the report.
    var sources: [Int: Lineage] = [:]
    /// Running map nodes' elements (inputs, keys, queues), by node index.
    var mapRuns: [Int: MapRun] = [:]
    /// Map nodes with elements waiting for a process slot, in the order they started.
    var mapOrder: [Int] = []
    /// Elements of map nodes waiting for a lookup, with their keys.
    var elementLookups: [(node: Int, element: Int, key: CacheKey)] = []
    /// Map nodes whose elements are done, with their list outputs to offload before they succeed.
    var pendingAssembly: [(node: Int, outputs: [Literal])] = []
    var processesRunning = 0
    var lastProgress: ContinuousClock.Instant?
    var inFlight = 0
    var writing = false
    var dirty = false
    /// Why the last state write failed, if it did (the run goes on; the report says so).
    var lastSaveError: String?

    init(context: ExecutionContext, graph: ExecutionGraph, state: ExecutionState, workflowInputs: [String: Literal]) {
        self.context = context
        self.graph = graph
        self.state = state
        scopeInputs[0] = workflowInputs
    }

    /// Runs until every node is finished or the task is cancelled; returns the final status.
    mutating func run() async -> ExecutionRecord.Status {
        await withTaskGroup(of: NodeEvent.self) { group in
            startReadyNodes()
            schedule(&group)
            watchTaskGroups(&group)
            while inFlight > 0 {
                guard let event = await group.next() else { break }
                if case .taskGroupsChanged(let watching) = event {
                    if watching { watchTaskGroups(&group) }
                } else {
                    inFlight -= 1
                }
                handle(event)
                if !Task.isCancelled { schedule(&group) }
                report()
            }
            // Only the watcher is left.
            group.cancelAll()
        }
        // Every process has been reaped.
        state.taskGroups = []
        report(force: true)
        if Task.isCancelled {
            for index in state.nodes.indices
            where state.nodes[index].phase == .running || state.nodes[index].phase == .waitingForChildren {
                state.nodes[index].phase = .cancelled
            }
            return .cancelled
        }
        let roots = graph.workflow.nodes.indices
        return roots.allSatisfy { state.nodes[$0].phase == .succeeded || notChosen($0) } ? .succeeded : .failed
    }

    /// Starts lookups, processes and a state write, as far as limits allow.
    mutating func schedule(_ group: inout TaskGroup<NodeEvent>) {
        while !lookupQueue.isEmpty {
            let batch = lookupQueue.prefix(context.configuration.lookupBatch).map { entry in
                (node: entry.node, key: entry.key, task: graph.task(entry.node))
            }
            lookupQueue.removeFirst(batch.count)
            inFlight += 1
            let context = self.context
            let inputs = explainInputs(batch.map(\.node))
            group.addTask { await Self.lookUp(batch, context: context, explaining: inputs) }
        }
        while processesRunning < context.configuration.parallelism, !runQueue.isEmpty {
            let (node, cache) = runQueue.removeFirst()
            let work = makeWork(node, cache: cache)
            processesRunning += 1
            inFlight += 1
            let context = self.context
            group.addTask { await Self.perform(work, context: context) }
        }
        scheduleElements(&group)
        while !blobQueue.isEmpty {
            let read = blobQueue.removeFirst()
            inFlight += 1
            let offloader = context.runner.offloader
            group.addTask {
                do {
                    let value = try await Blocking.run { try offloader.resolve(.offloaded(read.reference)) }
                    return .blobRead(read.node, read.then, read.reference.sha256, .success(value))
                } catch {
                    return .blobRead(
                        read.node, read.then, read.reference.sha256, .failure(TaskRunner.engineError(error)))
                }
            }
        }
        while !pendingPuts.isEmpty {
            let put = pendingPuts.removeFirst()
            inFlight += 1
            let context = self.context
            let task = graph.task(put.owner)
            let expiry = settings(of: put.owner).cache
            let record = cacheRecord(of: put.owner)
            group.addTask {
                let status = await Self.store(
                    put.outputs, key: put.key, cache: put.cache, fence: nil, task: task, expiry: expiry,
                    record: record, context: context)
                return .finished(put.owner, NodeResult(outputs: .success(put.outputs), cache: status, attempts: 0))
            }
        }
        saveIfNeeded(&group)
    }

    /// Waits for the next change to the running task groups, so the state records a group soon
    /// after it starts (for a resume after `kill -9`, see ``TaskWatchdog``).
    func watchTaskGroups(_ group: inout TaskGroup<NodeEvent>) {
        guard let changes = context.runner.watchdog?.changes else { return }
        group.addTask {
            var iterator = changes.makeAsyncIterator()
            // nil once the stream ends, which a cancelled wait does.
            return .taskGroupsChanged(watching: await iterator.next() != nil)
        }
    }

    /// Hands the current state to a writer unless one is busy.
    mutating func saveIfNeeded(_ group: inout TaskGroup<NodeEvent>) {
        guard dirty, !writing else { return }
        dirty = false
        writing = true
        inFlight += 1
        let context = self.context
        let state = self.state
        group.addTask {
            do {
                // Encoding and zlib run on a thread of their own, not on the scheduler's.
                let encoded = try await Blocking.run { try state.encoded() }
                try await context.store.saveExecution(
                    context.id, status: .running, nodeCount: state.nodes.count, state: encoded)
                return .saved(nil)
            } catch {
                return .saved("\(error)")
            }
        }
    }

    /// Calls the progress callback, at most every 50 ms: counting walks every node.
    mutating func report(force: Bool = false) {
        guard let progress = context.configuration.progress else { return }
        let now = ContinuousClock.now
        if !force, let last = lastProgress, now - last < .milliseconds(50) { return }
        lastProgress = now
        let counts = state.counts
        progress(
            WorkflowEngine.Progress(
                total: counts.total, finished: counts.finished, running: counts.running, cached: counts.cached,
                failed: counts.failed))
    }
}
