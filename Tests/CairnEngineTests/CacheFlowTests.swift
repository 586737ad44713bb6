import CairnCore
import CairnEngine
import Foundation
import Testing

/// The per-node cache flow against a real server: serialization, futures from the catalog,
/// overrides and a catalog outage.
@Suite struct CacheFlowTests {
    /// A task that appends its name to a side-effect file, sleeps, and doubles its input.
    static func workflow(serialize: Bool, sleep: Double = 0, traceFile: String) -> String {
        """
        workflow: flow
        project: tests
        domain: engine
        inputs:
          x: {type: int, default: 21}
        outputs:
          y: {type: int, from: $double.y}
        tasks:
          double:
            inputs: {x: int}
            outputs: {y: int}
            command: [sh, -c, 'echo double >> \(traceFile); sleep \(sleep); x=$(sed "s/[^0-9]//g" "$CAIRN_INPUTS"); echo "{\\"y\\": $((x * 2))}" > "$CAIRN_OUTPUTS"']
            cache: {enabled: true, version: "1", serialize: \(serialize)}
            override: double
        nodes:
          - {id: double, task: double, inputs: {x: $inputs.x}}
        """
    }

    @Test func concurrentRunsOfASerializedTaskExecuteItOnce() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write(
                "serialized.yaml", Self.workflow(serialize: true, sleep: 1.5, traceFile: harness.directory + "/trace"))
            async let first = harness.run(file)
            async let second = harness.run(file)
            async let third = harness.run(file)
            let reports = try await [first, second, third]
            #expect(reports.allSatisfy { $0.status == .succeeded && $0.output("y") == .int(42) })
            #expect(harness.lines("trace") == ["double"])
            let statuses = reports.compactMap { $0.statuses["double"] }.sorted { $0.rawValue < $1.rawValue }
            #expect(statuses == [.hit, .hit, .populated])
        }
    }

    @Test func withoutSerializeBothRunsExecute() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write(
                "parallel.yaml", Self.workflow(serialize: false, sleep: 1, traceFile: harness.directory + "/trace"))
            async let first = harness.run(file)
            async let second = harness.run(file)
            let reports = try await [first, second]
            #expect(reports.allSatisfy { $0.status == .succeeded })
            #expect(harness.lines("trace").count == 2)
        }
    }

    @Test func overridesChangeCacheVersionAndRetries() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write(
                "flow.yaml", Self.workflow(serialize: false, traceFile: harness.directory + "/trace"))
            #expect(try await harness.run(file).statuses["double"] == .populated)
            #expect(try await harness.run(file).statuses["double"] == .hit)
            // Another cache version is another dataset: a miss, then its own hit.
            let bumped = try await harness.run(file, overrides: ["double.cache_version=2"])
            #expect(bumped.statuses["double"] == .populated)
            #expect(try await harness.run(file, overrides: ["double.cache_version=2"]).statuses["double"] == .hit)
            // Cache off: runs every time.
            let off = try await harness.run(file, overrides: ["double.cache=false"])
            #expect(off.statuses["double"] == .disabled)
            #expect(harness.lines("trace").count == 3)
        }
    }

    @Test func retriesOverrideLetsAFlakyTaskSucceed() async throws {
        try await withEngineHarness { harness in
            let counter = harness.directory + "/attempts"
            let file = try harness.write(
                "flaky.yaml",
                """
                workflow: flaky
                project: tests
                domain: engine
                outputs:
                  ok: {type: bool, from: $flaky.ok}
                tasks:
                  flaky:
                    outputs: {ok: bool}
                    command: [sh, -c, 'echo x >> \(counter); [ $(wc -l < \(counter)) -ge 3 ] || exit 7; echo "{\\"ok\\": true}" > "$CAIRN_OUTPUTS"']
                    override: flaky
                nodes:
                  - {id: flaky, task: flaky}
                """)
            let failing = try await harness.run(file)
            #expect(failing.status == .failed)
            #expect(failing.nodes[0].attempts == 1)
            #expect(failing.nodes[0].error?.contains("exited with status 7") == true)
            try FileManager.default.removeItem(atPath: counter)
            let retried = try await harness.run(file, overrides: ["flaky.retries=2"])
            #expect(retried.status == .succeeded)
            #expect(retried.nodes[0].attempts == 3)
            #expect(retried.nodes[0].cache == .disabled)
        }
    }

    @Test func unknownOverrideNameIsAnErrorListingTheKnownOnes() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write("flow.yaml", Self.workflow(serialize: false, traceFile: "/dev/null"))
            let error = await #expect(throws: (any Error).self) {
                try await harness.run(file, overrides: ["dubble.retries=1"])
            }
            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("no override name \"dubble\""), "\(text)")
            #expect(text.contains("known: double"), "\(text)")
        }
    }

    @Test func anUnreachableCatalogDegradesToRunning() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write(
                "flow.yaml", Self.workflow(serialize: true, traceFile: harness.directory + "/trace"))
            // A port nothing listens on.
            let (engine, client) = try harness.engine(catalogPort: 1)
            let report = try await engine.run(WorkflowEngine.Launch(file: file))
            await client.close()
            #expect(report.status == .succeeded)
            #expect(report.output("y") == .int(42))
            #expect(report.statuses["double"] == .lookupFailure)
        }
    }
}
