import CairnCore
import CairnEngine
import Foundation
import Testing

/// A gather node whose inputs are lists and maps of upstream outputs, against a real server.
@Suite struct FanInFlowTests {
    /// `emit` outputs its `n` and a text of 100·n x's (offloaded at 64 bytes); `gather` (cached)
    /// records each run in `trace` and hands back what it received.
    static func workflow(_ harness: EngineHarness) throws -> String {
        let directory = harness.directory
        try harness.write(
            "emit.py",
            """
            import json, os
            n = json.load(open(os.environ['CAIRN_INPUTS']))['n']
            json.dump({'out': n, 'text': 'x' * (100 * n)}, open(os.environ['CAIRN_OUTPUTS'], 'w'))
            """)
        try harness.write(
            "gather.py",
            """
            import json, os
            got = json.load(open(os.environ['CAIRN_INPUTS']))
            open('\(directory)/trace', 'a').write('gather\\n')
            got['lengths'] = [len(text) for text in got.pop('texts')]
            json.dump(got, open(os.environ['CAIRN_OUTPUTS'], 'w'))
            """)
        return """
            workflow: fanin
            project: tests
            domain: engine
            inputs:
              name: {type: string, default: w}
            outputs:
              parts: {type: list<int>, from: $gather.parts}
              by_name: {type: map<int>, from: $gather.by_name}
              grid: {type: "list<list<int>>", from: $gather.grid}
              label: {type: list<string>, from: $gather.label}
              lengths: {type: list<int>, from: $gather.lengths}
            tasks:
              emit:
                inputs: {n: int}
                outputs: {out: int, text: string}
                command: [python3, \(directory)/emit.py]
                cache: {enabled: true, version: "1"}
              gather:
                inputs: {parts: list<int>, by_name: map<int>, grid: "list<list<int>>", label: list<string>, texts: list<string>}
                outputs: {parts: list<int>, by_name: map<int>, grid: "list<list<int>>", label: list<string>, lengths: list<int>}
                command: [python3, \(directory)/gather.py]
                cache: {enabled: true, version: "1"}
            nodes:
              - {id: a, task: emit, inputs: {n: 1}}
              - {id: b, task: emit, inputs: {n: 2}}
              - id: gather
                task: gather
                inputs:
                  parts: [$a.out, $b.out, 3]
                  by_name: {x: $a.out, y: $b.out}
                  grid: [[$a.out], [$b.out, 7]]
                  label: ["$$lit", $inputs.name]
                  texts: [$a.text, $b.text]
            """
    }

    @Test func gatherReceivesAssembledValuesAndIsCachedOnTheRerun() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write("fanin.yaml", Self.workflow(harness))
            let first = try await harness.run(file) { $0.offloadMin = 64 }
            #expect(first.status == .succeeded)
            #expect(first.output("parts") == .list([.int(1), .int(2), .int(3)]))
            #expect(first.output("by_name") == .map(["x": .int(1), "y": .int(2)]))
            #expect(first.output("grid") == .list([.list([.int(1)]), .list([.int(2), .int(7)])]))
            #expect(first.output("label") == .list([.string("$lit"), .string("w")]))
            #expect(first.output("lengths") == .list([.int(100), .int(200)]))
            #expect(first.statuses["gather"] == .populated)
            let second = try await harness.run(file) { $0.offloadMin = 64 }
            #expect(second.status == .succeeded)
            #expect(second.statuses["gather"] == .hit)
            #expect(second.output("parts") == first.output("parts"))
            #expect(harness.lines("trace") == ["gather"])
        }
    }
}
