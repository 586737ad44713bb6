import CairnBlobs
import CairnClient
import CairnCore
import CairnStore
import Foundation

/// The engine: compiles a workflow, runs its nodes (asking the catalog before each), keeps the
/// execution's state in PostgreSQL so a killed engine can resume, and reports what happened.
public final class WorkflowEngine: Sendable {
    public let configuration: Configuration
    let store: CairnStore
    let databaseURL: String
    let catalog: CatalogGate
    let offloader: Offloader

    /// - Parameters:
    ///   - store: where execution state lives (its database must be migrated).
    ///   - databaseURL: the same database, for the per-execution lock connection.
    ///   - catalog: the catalog to consult; `nil` runs every node (status LOOKUP_FAILURE).
    ///   - blobs: where large outputs go; `nil` fails nodes whose outputs reach `offloadMin`.
    public init(
        configuration: Configuration, store: CairnStore, databaseURL: String, catalog: CairnClient?,
        blobs: (any BlobStore)?
    ) {
        self.configuration = configuration
        self.store = store
        self.databaseURL = databaseURL
        self.catalog = CatalogGate(client: catalog)
        self.offloader = Offloader(blobs: blobs, minimum: configuration.offloadMin, maximum: configuration.offloadMax)
    }

    /// What to run.
    public struct Launch: Sendable {
        /// Path of the workflow file.
        public var file: String
        /// `--input name=value` pairs: a string input takes the text as it is, others parse it as JSON
        /// (a bare word is taken as a JSON string, for datetimes, durations and base64 bytes).
        public var inputs: [String: String] = [:]
        /// Contents of `--overrides` files, in order.
        public var overrideFiles: [String] = []
        /// `--override name.field=value` assignments, in order.
        public var overrideAssignments: [String] = []
        public var executionID = UUID()

        public init(file: String) { self.file = file }
    }

    /// Compiles and runs a workflow from the start.
    /// - Throws: `CompileErrors`, ``EngineError`` (bad inputs or overrides), store errors.
    public func run(_ launch: Launch) async throws -> ExecutionReport {
        let path = URL(fileURLWithPath: launch.file).standardizedFileURL.path
        // File reads (the workflow, file inputs to hash) on a thread of their own.
        let (yaml, workflow, inputs) = try await Blocking.run {
            let yaml: String
            do { yaml = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw EngineError(.io, "cannot read \(launch.file): \(error.localizedDescription)")
            }
            let workflow = try WorkflowCompiler.compile(yaml: yaml, file: launch.file)
            return (yaml, workflow, try WorkflowInputs.parse(launch.inputs, for: workflow))
        }
        let definition = ExecutionDefinition(
            file: path, yaml: yaml, inputs: inputs, overrideFiles: launch.overrideFiles,
            overrideAssignments: launch.overrideAssignments, overwriteCache: configuration.overwriteCache)
        let overrides = try definition.overrides()
        try overrides.validate(against: workflow)
        var state = ExecutionState(nodeCount: workflow.nodes.count)
        let lock = try await Blocking.run { [databaseURL] in
            try ExecutionLock.acquire(databaseURL: databaseURL, execution: launch.executionID)
        }
        defer { lock.release() }
        // Stopped before the lock is released, so a resume never finds it running after a clean end.
        let watchdog = try await Blocking.run { try TaskWatchdog.start(execution: launch.executionID) }
        defer { watchdog.stop() }
        state.record(watchdog)
        let record = ExecutionRecord(
            id: launch.executionID, workflow: workflow.name, project: workflow.project, domain: workflow.domain,
            status: .running, nodeCount: state.nodes.count, definition: try definition.encoded(),
            state: try state.encoded())
        try await store.createExecution(record)
        configuration.onStart?(launch.executionID)
        let context = makeContext(
            id: launch.executionID, definition: definition, overrides: overrides, createdAt: Date(),
            watchdog: watchdog, workflow: workflow.name)
        let execution = Execution(
            context: context, graph: ExecutionGraph(workflow: workflow), state: state, workflowInputs: inputs)
        return try await finish(execution)
    }

    func makeContext(
        id: UUID, definition: ExecutionDefinition, overrides: Overrides, createdAt: Date, watchdog: TaskWatchdog,
        workflow: String
    ) -> ExecutionContext {
        ExecutionContext(
            id: id, definition: definition, overrides: overrides, configuration: configuration, catalog: catalog,
            runner: TaskRunner(configuration: configuration, offloader: offloader, watchdog: watchdog), store: store,
            createdAt: createdAt, workflow: workflow)
    }

    /// Runs the execution to its end (or cancellation), saves the final state and builds the report.
    func finish(_ execution: Execution) async throws -> ExecutionReport {
        var execution = execution
        let clock = ContinuousClock()
        let start = clock.now
        let status = await execution.run()
        let state = execution.state
        let encoded = try await Blocking.run { try state.encoded() }
        try await store.saveExecution(
            execution.context.id, status: status, nodeCount: execution.state.nodes.count, state: encoded)
        let outputs = status == .succeeded ? try await execution.workflowOutputs() : []
        return ExecutionReport(
            execution: execution, status: status, outputs: outputs, stateBytes: encoded.count,
            elapsed: clock.now - start)
    }
}
