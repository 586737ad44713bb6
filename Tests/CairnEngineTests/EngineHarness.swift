import CairnBlobs
import CairnClient
import CairnCore
import CairnEngine
import CairnServer
import CairnStore
import CairnTestSupport
import Foundation

/// A migrated database, a catalog server on it, a scratch directory and engines that use them.
struct EngineHarness {
    let store: CairnStore
    let databaseURL: String
    let port: Int
    let directory: String

    /// The repository's `examples/` directory.
    static var examples: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples").path
    }

    var blobDirectory: String { directory + "/blobs" }

    func engine(
        catalogPort: Int? = nil, _ configure: (inout WorkflowEngine.Configuration) -> Void = { _ in }
    ) throws -> (WorkflowEngine, CairnClient) {
        var configuration = WorkflowEngine.Configuration(
            runDirectory: directory + "/runs", rawDataDirectory: directory + "/raw")
        configuration.retryBackoff = .milliseconds(10)
        configuration.parallelism = 8
        configure(&configuration)
        var clientConfiguration = CairnClient.Configuration(
            endpoint: .tcp(host: "127.0.0.1", port: catalogPort ?? port))
        // Generous: the whole suite shares two cores, and a timed-out lookup is a LOOKUP_FAILURE.
        clientConfiguration.requestTimeout = .seconds(30)
        clientConfiguration.connectTimeout = .seconds(15)
        clientConfiguration.maximumBackoff = .milliseconds(200)
        let client = CairnClient(configuration: clientConfiguration)
        let engine = WorkflowEngine(
            configuration: configuration, store: store, databaseURL: databaseURL, catalog: client,
            blobs: try LocalBlobStore(root: blobDirectory))
        return (engine, client)
    }

    /// Runs a workflow file with a fresh engine and returns its report.
    func run(
        _ file: String, inputs: [String: String] = [:], overrides: [String] = [],
        _ configure: (inout WorkflowEngine.Configuration) -> Void = { _ in }
    ) async throws -> ExecutionReport {
        let (engine, client) = try engine(configure)
        var launch = WorkflowEngine.Launch(file: file)
        launch.inputs = inputs
        launch.overrideAssignments = overrides
        do {
            let report = try await engine.run(launch)
            await client.close()
            return report
        } catch {
            await client.close()
            throw error
        }
    }

    /// Writes a file under the scratch directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = directory + "/" + name
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Lines of a side-effect file (0 when it does not exist).
    func lines(_ name: String) -> [String] {
        guard let text = try? String(contentsOfFile: directory + "/" + name, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }
}

/// Runs `body` with a fresh database, a catalog server on it and a scratch directory.
/// - Parameter checkingBlobs: the server checks the blobs of store hits in the engines' blob
///   directory, as `cairn serve` does (`--blob-check exists`).
func withEngineHarness(checkingBlobs: Bool = false, _ body: (EngineHarness) async throws -> Void) async throws {
    try await withScratchDirectory("cairn-engine-") { directory in
        let blobs = checkingBlobs ? try LocalBlobStore(root: directory + "/blobs") : nil
        try await TestDatabase.withStore { store, url in
            try await withCatalogServer(
                on: store,
                configure: { configuration in
                    configuration.blobStore = blobs
                    if blobs != nil { configuration.blobCheck = .exists }
                }
            ) { port, _ in
                try await body(EngineHarness(store: store, databaseURL: url, port: port, directory: directory))
            }
        }
    }
}

extension ExecutionReport {
    /// The statuses of all nodes, for assertions.
    var statuses: [String: CacheStatus] {
        Dictionary(uniqueKeysWithValues: nodes.compactMap { node in node.cache.map { (node.id, $0) } })
    }

    func output(_ name: String) -> Literal? { outputs.first { $0.name == name }?.value }
}
