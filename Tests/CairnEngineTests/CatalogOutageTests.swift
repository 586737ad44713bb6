import CairnCore
import CairnEngine
import CairnServer
import CairnTestSupport
import Foundation
import Synchronization
import Testing

/// The catalog going away in the middle of a run: the workflow still succeeds.
@Suite struct CatalogOutageTests {
    /// Six cached nodes in a chain, so lookups keep happening after the catalog stops.
    static func chain(_ directory: String) -> String {
        var text = """
            workflow: chain
            project: tests
            domain: engine
            outputs:
              last: {type: int, from: $step5.n}
            tasks:
              step:
                inputs: {n: int}
                outputs: {n: int}
                command: [sh, -c, 'sleep 0.2; n=$(sed "s/[^0-9]//g" "$CAIRN_INPUTS"); echo "{\\"n\\": $((n + 1))}" > "$CAIRN_OUTPUTS"']
                cache: {enabled: true, version: "1"}
            nodes:
              - {id: step0, task: step, inputs: {n: 0}}

            """
        for n in 1..<6 { text += "  - {id: step\(n), task: step, inputs: {n: $step\(n - 1).n}}\n" }
        return text
    }

    @Test func aCatalogStoppedMidRunDegradesToRunning() async throws {
        try await withEngineHarness { harness in
            var configuration = CatalogServer.Configuration()
            configuration.port = 0
            let server = CatalogServer(configuration: configuration, store: harness.store)
            let serving = Task { try await server.run() }
            defer { serving.cancel() }
            while server.boundPort == nil { try await Task.sleep(for: .milliseconds(10)) }
            let port = try #require(server.boundPort)

            let file = try harness.write("chain.yaml", Self.chain(harness.directory))
            let stopped = Mutex(false)
            let (engine, client) = try harness.engine(catalogPort: port) { configuration in
                configuration.progress = { progress in
                    // After two nodes, the catalog goes away for good.
                    guard progress.finished >= 2, !stopped.withLock({ $0 }) else { return }
                    stopped.withLock { $0 = true }
                    serving.cancel()
                }
            }
            let report = try await engine.run(WorkflowEngine.Launch(file: file))
            await client.close()
            #expect(stopped.withLock { $0 })
            #expect(report.status == .succeeded)
            #expect(report.output("last") == .int(6))
            #expect(report.statuses["step0"] == .populated)
            #expect(report.statuses["step1"] == .populated)
            #expect(report.statuses["step5"] == .lookupFailure)
            #expect(report.nodes.allSatisfy { $0.phase == "succeeded" })
        }
    }
}
