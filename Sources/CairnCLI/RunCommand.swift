import ArgumentParser
import CairnBlobs
import CairnClient
import CairnEngine
import CairnStore
import Foundation
import Logging

/// `cairn run`: runs a workflow file (or resumes an execution), consulting the catalog per node.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a workflow, taking every node the catalog already holds from it.",
        discussion: """
            Exit status: 0 when the workflow succeeded, 1 when a node failed, 2 for bad arguments or \
            an engine error, 130 when interrupted (the state is saved: continue with --resume <id>).
            """
    )

    @Argument(help: "The workflow file (YAML). Not needed with --resume.")
    var workflow: String?

    @Option(name: .customLong("input"), help: "A workflow input, name=value (JSON for structured values). Repeatable.")
    var inputs: [String] = []

    @Option(name: .customLong("overrides"), help: "A YAML file of runtime overrides by override name. Repeatable.")
    var overrideFiles: [String] = []

    @Option(name: .customLong("override"), help: "One override, <name>.<field>=<value>. Repeatable; wins over files.")
    var overrides: [String] = []

    @Option(help: "Continue the execution with this id instead of starting one.")
    var resume: String?

    @Flag(help: "Say why each node that missed had no result in the catalog (CACHE.EXPLAIN), in the report.")
    var explain = false

    @OptionGroup var client: ClientOptions

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var engine: EngineOptions

    func validate() throws {
        if resume == nil && workflow == nil {
            throw ValidationError("give a workflow file, or --resume <execution-id>")
        }
        if resume != nil && workflow != nil { throw ValidationError("--resume takes no workflow file: it is stored") }
        if let resume, UUID(uuidString: resume) == nil {
            throw ValidationError("--resume \(resume) is not an execution id")
        }
        for input in inputs { _ = try ClientArguments.pair(input, what: "--input") }
    }

    func run() async throws {
        let logger = LogSetup.bootstrap(level: database.resolvedLogLevel)
        let dataDirectory = database.resolvedDataDirectory
        var launch = WorkflowEngine.Launch(file: workflow ?? "")
        for input in inputs {
            let pair = try ClientArguments.pair(input, what: "--input")
            launch.inputs[pair.key] = pair.value
        }
        launch.overrideFiles = try overrideFiles.map { path in
            do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw ValidationError("--overrides \(path): \(error.localizedDescription)")
            }
        }
        launch.overrideAssignments = overrides
        var configuration = try engine.configuration(dataDirectory: dataDirectory)
        configuration.explain = explain
        let session = try await database.open(logger: logger)
        let report: ExecutionReport
        do {
            report = try await execute(
                launch, configuration, session: session, dataDirectory: dataDirectory, logger: logger)
        } catch {
            await session.close()
            try Self.fail(error)
        }
        await session.close()
        RunOutput.print(report, json: client.json, explain: explain)
        switch report.status {
        case .succeeded: return
        case .cancelled: throw ExitCode(130)
        case .failed, .running: throw ExitCode(1)
        }
    }

    private func execute(
        _ launch: WorkflowEngine.Launch, _ configuration: WorkflowEngine.Configuration, session: DatabaseSession,
        dataDirectory: String, logger: Logger
    ) async throws -> ExecutionReport {
        let url = session.url
        _ = try await Blocking.run { try Migrator.migrate(databaseURL: url, logger: logger) }
        var storeConfiguration = CairnStore.Configuration(databaseURL: url)
        storeConfiguration.connections = 1
        let store = try await CairnStore.connect(configuration: storeConfiguration, logger: logger)
        var clientConfiguration = try client.configuration()
        clientConfiguration.clientName = "cairn-engine"
        clientConfiguration.requestTimeout = .seconds(engine.catalogTimeout ?? 10)
        clientConfiguration.connectTimeout = .seconds(min(engine.catalogTimeout ?? 10, 5))
        let catalog = CairnClient(configuration: clientConfiguration)
        let blobs = try engine.blobStore.store(dataDirectory: dataDirectory)
        var configuration = configuration
        let progress = client.json ? nil : ProgressLine.standardError()
        if let progress {
            configuration.progress = { @Sendable counts in progress.update(counts) }
        }
        configuration.onStart = { id in
            let text = id.uuidString.lowercased()
            FileHandle.standardError.write(
                Data("cairn: execution \(text) (if stopped, continue with: cairn run --resume \(text))\n".utf8))
        }
        let engine = WorkflowEngine(
            configuration: configuration, store: store, databaseURL: url, catalog: catalog, blobs: blobs)
        let resume = self.resume.flatMap(UUID.init(uuidString:))
        let work = Task {
            if let resume { return try await engine.resume(resume) }
            return try await engine.run(launch)
        }
        let report = await Interrupts.cancelling(work) { try await work.value }
        progress?.finish()
        await catalog.close()
        await store.shutdown()
        await blobs.shutdown()
        return try report.get()
    }

    /// Prints an engine error and exits with 2.
    static func fail(_ error: any Error) throws -> Never {
        ClientOutput.printError("Error: \(error)")
        throw ExitCode(2)
    }
}
