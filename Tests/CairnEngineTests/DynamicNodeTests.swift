import CairnCore
import CairnEngine
import Foundation
import Testing

/// Dynamic nodes: the compiled future is cached in the catalog and reused after a child failure.
@Suite struct DynamicNodeTests {
    /// `fan` writes a future of `n` `leaf` nodes and a `total` output bound to the last leaf; the
    /// leaf fails while the file `broken` exists. Both record every run in `trace`.
    static func workflow(_ directory: String, serialize: Bool = false, sleep: Double = 0) -> String {
        """
        workflow: dynamic
        project: tests
        domain: engine
        inputs:
          n: {type: int, default: 3}
        outputs:
          total: {type: int, from: $fan.total}
        tasks:
          fan:
            kind: dynamic
            inputs: {n: int}
            outputs: {total: int}
            command: [python3, -c, "import json, os\\nn = json.load(open(os.environ['CAIRN_INPUTS']))['n']\\nopen('\(directory)/trace', 'a').write('fan\\\\n')\\nimport time; time.sleep(\(sleep))\\nnodes = [{'id': f'leaf{i}', 'task': 'leaf', 'inputs': {'i': i}} for i in range(n)]\\njson.dump({'nodes': nodes, 'outputs': {'total': f'$leaf{n - 1}.value'}}, open(os.environ['CAIRN_FUTURE'], 'w'))"]
            cache: {enabled: true, version: "1", serialize: \(serialize)}
          leaf:
            inputs: {i: int}
            outputs: {value: int}
            command: [sh, -c, 'echo leaf >> \(directory)/trace; [ ! -e \(directory)/broken ] || exit 3; i=$(sed "s/[^0-9]//g" "$CAIRN_INPUTS"); echo "{\\"value\\": $((i * 10))}" > "$CAIRN_OUTPUTS"']
            cache: {enabled: true, version: "1"}
        nodes:
          - {id: fan, task: fan, inputs: {n: $inputs.n}}
        """
    }

    @Test func aRerunAfterAChildFailureTakesTheFutureFromTheCatalog() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write("dynamic.yaml", Self.workflow(harness.directory))
            try harness.write("broken", "")
            let failed = try await harness.run(file)
            #expect(failed.status == .failed)
            #expect(failed.nodes[0].futureFromCatalog == false)
            #expect(failed.nodes.filter { $0.id.hasPrefix("fan/leaf") }.count == 3)
            #expect(harness.lines("trace").filter { $0 == "fan" }.count == 1)

            try FileManager.default.removeItem(atPath: harness.directory + "/broken")
            let rerun = try await harness.run(file)
            #expect(rerun.status == .succeeded)
            #expect(rerun.output("total") == .int(20))
            #expect(rerun.nodes[0].futureFromCatalog == true)
            #expect(rerun.nodes[0].cache == .populated)
            // The generator and compiler time recorded with the future is what the re-run saved.
            let recorded = try #require(failed.nodes[0].compileMilliseconds)
            #expect(recorded > 0)
            #expect(rerun.compileMillisecondsSaved == recorded)
            // The generator did not run again: the side-effect file has one `fan` line.
            #expect(harness.lines("trace").filter { $0 == "fan" }.count == 1)

            let third = try await harness.run(file)
            #expect(third.nodes.count == 1)
            #expect(third.nodes[0].cache == .hit)
        }
    }

    /// `cache.serialize` on a dynamic task: concurrent runs with the same inputs run its generator
    /// once; the others wait for the lease and take the future it wrote from the catalog.
    @Test func concurrentRunsOfASerializedGeneratorRunItOnce() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write(
                "serialized.yaml", Self.workflow(harness.directory, serialize: true, sleep: 1.5))
            async let first = harness.run(file)
            async let second = harness.run(file)
            async let third = harness.run(file)
            let reports = try await [first, second, third]
            #expect(reports.allSatisfy { $0.status == .succeeded && $0.output("total") == .int(20) })
            #expect(harness.lines("trace").filter { $0 == "fan" }.count == 1)
            let fromCatalog = reports.map { $0.nodes[0].futureFromCatalog == true }
            #expect(fromCatalog.filter { $0 }.count == 2, "\(fromCatalog)")
        }
    }

    @Test func aFutureThatDoesNotCompileFailsTheNodeWithTheCompilerMessage() async throws {
        try await withEngineHarness { harness in
            let text = Self.workflow(harness.directory).replacingOccurrences(
                of: "'task': 'leaf'", with: "'task': 'leaves'")
            let file = try harness.write("bad.yaml", text)
            let report = try await harness.run(file)
            #expect(report.status == .failed)
            #expect(report.nodes[0].error?.contains("leaves") == true)
        }
    }
}
