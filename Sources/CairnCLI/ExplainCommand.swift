import ArgumentParser
import CairnBlobs
import CairnClient
import CairnCore
import CairnEngine
import CairnStore
import Foundation

/// `cairn explain <execution> <node>`: why the catalog had no result for a node of a recorded execution.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Say why a node of an execution missed the catalog: what its key expired or was removed by, "
            + "or how the nearest earlier result of its task differs.",
        discussion: "Exit status: 0 with an explanation, 2 for bad arguments or an unknown execution or node."
    )

    @Argument(help: "The execution id (cairn run prints it).")
    var execution: String

    @Argument(help: "The node id, as in the run report.")
    var node: String

    @OptionGroup var client: ClientOptions

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var engine: EngineOptions

    func validate() throws {
        if UUID(uuidString: execution) == nil { throw ValidationError("\(execution) is not an execution id") }
    }

    func run() async throws {
        let logger = LogSetup.bootstrap(level: database.resolvedLogLevel)
        let dataDirectory = database.resolvedDataDirectory
        let configuration = try engine.configuration(dataDirectory: dataDirectory)
        let session = try await database.open(logger: logger)
        let url = session.url
        let explanation: CacheExplanation
        do {
            _ = try await Blocking.run { try Migrator.migrate(databaseURL: url, logger: logger) }
            var storeConfiguration = CairnStore.Configuration(databaseURL: url)
            storeConfiguration.connections = 1
            let store = try await CairnStore.connect(configuration: storeConfiguration, logger: logger)
            var clientConfiguration = try client.configuration()
            clientConfiguration.clientName = "cairn-explain"
            let catalog = CairnClient(configuration: clientConfiguration)
            let engine = WorkflowEngine(
                configuration: configuration, store: store, databaseURL: url, catalog: catalog, blobs: nil)
            let result: Result<CacheExplanation, any Error>
            do {
                result = .success(try await engine.explain(execution: UUID(uuidString: execution)!, node: node))
            } catch {
                result = .failure(error)
            }
            await catalog.close()
            await store.shutdown()
            explanation = try result.get()
        } catch {
            await session.close()
            try RunCommand.fail(error)
        }
        await session.close()
        if client.json {
            print(explanation.jsonText())
        } else {
            print("\(node): \(explanation.summary)")
        }
    }
}
