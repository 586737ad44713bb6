import CairnClient
import CairnCore
import CairnEngine
import Foundation
import Testing

/// What the engine records with each result and says about each miss, against a real server: the
/// lineage of engine-written artifacts (shown as a hit's source in the report), `--explain`'s reasons
/// in the report and its JSON, and ``WorkflowEngine/explain(execution:node:)``.
@Suite struct LineageExplainTests {
    static func workflow(traceFile: String) -> String {
        CacheFlowTests.workflow(serialize: false, traceFile: traceFile)
    }

    @Test func engineWrittenArtifactsRecordTheirLineageAndAHitShowsIt() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write("flow.yaml", Self.workflow(traceFile: harness.directory + "/trace"))
            let started = Date().addingTimeInterval(-1)
            let first = try await harness.run(file)
            #expect(first.statuses["double"] == .populated && first.nodes[0].source == nil)
            let second = try await harness.run(file)
            #expect(second.statuses["double"] == .hit)
            let source = try #require(second.nodes.first { $0.id == "double" }?.source)
            #expect(source.execution == first.executionID.uuidString.lowercased())
            #expect(source.workflow == "flow" && source.node == "double" && source.attempt == 1)
            #expect(!source.host.isEmpty && !source.engineVersion.isEmpty)
            #expect(source.commandDigest.count == 64 && source.commandDigest.allSatisfy(\.isHexDigit))
            #expect(source.ranAt >= started && source.ranAt <= Date())
            #expect(second.jsonText().contains(#""source":{"attempt":"1","command_sha256":""#))
            #expect(second.jsonText().contains(#""execution":"\#(source.execution)""#))
        }
    }

    @Test func explainSaysWhyEachMissMissedInTheReportAndItsJSON() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write("flow.yaml", Self.workflow(traceFile: harness.directory + "/trace"))
            let explain: (inout WorkflowEngine.Configuration) -> Void = { $0.explain = true }
            let first = try await harness.run(file, explain)
            let never = try #require(first.nodes.first?.explanation)
            #expect(first.statuses["double"] == .populated && never.cause == .neverSeen)

            let changed = try await harness.run(file, inputs: ["x": "22"], explain)
            let explanation = try #require(changed.nodes.first?.explanation)
            #expect(explanation.cause == .differs && explanation.nearest?.sharedInputs == 0)
            let difference = try #require(explanation.differences.first)
            #expect(explanation.differences.count == 1)
            #expect(difference.kind == "input_changed" && difference.name == "x")
            #expect(difference.oldPreview == "21" && difference.newPreview == "22")
            #expect(explanation.summary.contains("input x changed: 21 → 22"))
            let json = changed.jsonText()
            #expect(json.contains(#""explanation":{"#) && json.contains(#""cause":"differs""#))
            #expect(json.contains(#""kind":"input_changed""#) && json.contains(#""new_preview":"22""#))

            let bumped = try await harness.run(file, overrides: ["double.cache_version=2"], explain)
            let version = try #require(bumped.nodes.first?.explanation)
            #expect(version.differences == [.init(kind: "cache_version", old: "1", new: "2")])

            // A hit has no explanation, and without --explain nothing is asked.
            #expect(try await harness.run(file, explain).nodes.first?.explanation == nil)
            #expect(try await harness.run(file, inputs: ["x": "23"]).nodes.first?.explanation == nil)
        }
    }

    static func constant(outputs: String, writes: String) -> String {
        """
        workflow: shape
        project: tests
        domain: engine
        outputs:
          y: {type: int, from: $make.y}
        tasks:
          make:
            inputs: {n: int}
            outputs: \(outputs)
            command: [sh, -c, 'printf "%s" "$0" > "$CAIRN_OUTPUTS"', '\(writes)']
            cache: {enabled: true, version: "1"}
        nodes:
          - {id: make, task: make, inputs: {n: 1}}
        """
    }

    @Test func anInterfaceChangeNamesTheAddedOutput() async throws {
        try await withEngineHarness { harness in
            let before = try harness.write("a.yaml", Self.constant(outputs: "{y: int}", writes: #"{"y": 1}"#))
            #expect(try await harness.run(before).statuses["make"] == .populated)
            let after = try harness.write(
                "b.yaml", Self.constant(outputs: "{y: int, z: string}", writes: #"{"y": 1, "z": "a"}"#))
            let report = try await harness.run(after) { $0.explain = true }
            #expect(report.status == .succeeded)
            let explanation = try #require(report.nodes.first?.explanation)
            #expect(explanation.nearest?.sharedInputs == 1)
            #expect(explanation.differences == [.init(kind: "output_added", name: "z", new: "string")])
        }
    }

    @Test func explainingANodeOfARecordedExecutionSaysItWasEvicted() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write("flow.yaml", Self.workflow(traceFile: harness.directory + "/trace"))
            let report = try await harness.run(file)
            let (engine, client) = try harness.engine()
            #expect(try await engine.explain(execution: report.executionID, node: "double").cause == .live)
            let page = try await client.listDatasets(DatasetFilter(namePrefix: "task-double"))
            let dataset = try #require(page.items.first?.id)
            let artifacts = try await client.listArtifacts(dataset: dataset)
            let tag = try TagName(try #require(artifacts.items.first?.tags.first))
            #expect(try await client.evict(dataset: dataset, tag: tag))
            let explanation = try await engine.explain(execution: report.executionID, node: "double")
            #expect(explanation.cause == .removed && explanation.removedBy == "evict")
            await #expect(throws: EngineError.self) {
                try await engine.explain(execution: report.executionID, node: "nope")
            }
            await client.close()
        }
    }
}
