import CairnCore
import CairnStore
import Foundation

/// Runs one node's task process, attempt after attempt, and collects what it produced.
struct TaskRunner: Sendable {
    /// One node to run.
    struct Job: Sendable {
        var executionID: UUID
        var nodeID: String
        /// The node's index in the execution's graph, which the state's task groups name.
        var nodeIndex: Int
        var task: CompiledTask
        var settings: TaskSettings
        /// Values as bound (references not yet resolved).
        var inputs: [String: Literal]
        /// The task's working directory: the workflow file's, so relative paths in commands work.
        var workflowDirectory: String
        /// Attempts already made by an earlier engine on this node.
        var attemptsBefore = 0
    }

    /// What a successful attempt produced.
    enum Product: Sendable {
        /// The outputs in the task's output order, large ones offloaded.
        case outputs([Literal])
        /// A dynamic task's future, as written.
        case future(String)
    }

    struct Outcome: Sendable {
        var result: Result<Product, EngineError>
        var attempts: Int
        /// When the last attempt started: for a success, the time the result was computed.
        var startedAt: Date?
    }

    let configuration: WorkflowEngine.Configuration
    let offloader: Offloader
    /// Lists every attempt's process group while it runs.
    let watchdog: TaskWatchdog?

    /// Runs the job until an attempt succeeds, retries run out, or a failure that retrying cannot
    /// mend (an output over `offload_max`, cancellation).
    func run(_ job: Job) async -> Outcome {
        let directory = "\(configuration.runDirectory)/\(job.executionID.uuidString.lowercased())/\(job.nodeID)"
        let rawData = "\(configuration.rawDataDirectory)/\(job.executionID.uuidString.lowercased())/\(job.nodeID)"
        let inputs: [String: Literal]
        do {
            let offloader = self.offloader
            let bound = job.inputs
            // Off the cooperative pool: a mkdir waits on the file system's journal, which PostgreSQL's
            // fsyncs can hold for seconds.
            inputs = try await Blocking.run {
                try Self.makeDirectory(directory)
                try Self.makeDirectory(rawData)
                return try bound.mapValues { try offloader.resolve($0) }
            }
        } catch {
            return Outcome(result: .failure(Self.engineError(error)), attempts: 0)
        }
        var attempt = 0
        while true {
            attempt += 1
            let startedAt = Date()
            let result = await runAttempt(
                job, number: job.attemptsBefore + attempt, inputs: inputs,
                directory: directory, rawData: rawData)
            switch result {
            case .success: return Outcome(result: result, attempts: attempt, startedAt: startedAt)
            case .failure(let error):
                if attempt > job.settings.retries || error.code == .limitExceeded || error.code == .cancelled
                    || Task.isCancelled
                {
                    return Outcome(result: result, attempts: attempt)
                }
                try? await Task.sleep(for: backoff(after: attempt))
            }
        }
    }

    func backoff(after failures: Int) -> Duration {
        var delay = configuration.retryBackoff
        for _ in 1..<min(max(failures, 1), 32) where delay < configuration.maxRetryBackoff { delay *= 2 }
        return min(delay, configuration.maxRetryBackoff)
    }

    private func runAttempt(
        _ job: Job, number: Int, inputs: [String: Literal], directory: String, rawData: String
    ) async -> Result<Product, EngineError> {
        let files = AttemptFiles(directory: directory, attempt: number)
        do {
            try await Blocking.run { try files.prepare(inputs: inputs, task: job.task) }
            var launch = TaskProcess.Launch(
                arguments: job.task.command,
                environment: environment(job, files: files, rawData: rawData, number: number),
                directory: job.workflowDirectory, log: files.log)
            launch.resources = job.settings.resources
            launch.timeout = job.settings.timeout
            launch.killGrace = configuration.killGrace
            launch.watchdog = watchdog
            launch.node = job.nodeIndex
            let termination = try await TaskProcess.run(launch)
            switch termination {
            case .exited(0): break
            case .cancelled: return .failure(EngineError(.cancelled, "node \(job.nodeID) was cancelled"))
            default:
                let tail = (try? await Blocking.run { files.logTail() }) ?? ""
                return .failure(
                    EngineError(
                        .taskFailed,
                        "node \(job.nodeID) attempt \(number): \(job.task.command.first ?? "task") \(termination)"
                            + (tail.isEmpty ? "" : "; log \(files.log) ends with: \(tail)")))
            }
            if job.task.kind == .dynamic {
                return .success(.future(try await Blocking.run { try files.readFuture(node: job.nodeID) }))
            }
            let offloader = self.offloader
            let outputs = try await Blocking.run {
                try files.readOutputs(task: job.task, node: job.nodeID, rawData: rawData, offloader: offloader)
            }
            return .success(.outputs(outputs))
        } catch {
            return .failure(Self.engineError(error))
        }
    }

    private func environment(_ job: Job, files: AttemptFiles, rawData: String, number: Int) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in job.settings.environment { environment[key] = value }
        environment["CAIRN_INPUTS"] = files.inputs
        environment["CAIRN_OUTPUTS"] = files.outputs
        environment["CAIRN_RAW_DATA"] = rawData
        environment["CAIRN_EXECUTION_ID"] = job.executionID.uuidString.lowercased()
        environment["CAIRN_NODE_ID"] = job.nodeID
        environment["CAIRN_ATTEMPT"] = String(number)
        environment["CAIRN_WORKFLOW_DIR"] = job.workflowDirectory
        if job.task.kind == .dynamic { environment["CAIRN_FUTURE"] = files.future }
        if let config = job.settings.taskConfig { environment["CAIRN_TASK_CONFIG"] = config.jsonText() }
        return environment
    }

    static func engineError(_ error: any Error) -> EngineError {
        if let error = error as? EngineError { return error }
        if error is CancellationError { return EngineError(.cancelled, "cancelled") }
        if let error = error as? CairnError {
            return EngineError(error.code == .limitExceeded ? .limitExceeded : .invalidOutput, error.message)
        }
        return EngineError(.io, "\(error)")
    }

    static func makeDirectory(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw EngineError(.io, "cannot create \(path): \(error.localizedDescription)")
        }
    }
}
