import CairnCore
import Foundation
import Testing

@testable import CairnEngine

/// Branch nodes against a real server: each case (and the else) chosen by input value, the error
/// when none matches, caching through the chosen case, a downstream reader, and a resume.
@Suite struct BranchFlowTests {
    /// `t.sh <op>` records `<op> <x>` in `trace` and outputs `y` from `x` (double, negate or plus one).
    static func workflow(_ harness: EngineHarness, withElse: Bool = true, cache: Bool = true) throws -> String {
        let directory = harness.directory
        try harness.write(
            "t.sh",
            """
            x=$(tr -cd '0-9-' < "$CAIRN_INPUTS")
            echo "$1 $x" >> \(directory)/trace
            case $1 in double) y=$((x * 2));; negate) y=$((0 - x));; plus) y=$((x + 1));; esac
            printf '{"y": %d}' "$y" > "$CAIRN_OUTPUTS"
            """)
        let elseCase = withElse ? "      else: {id: fallback, task: double, inputs: {x: 7}}" : ""
        return """
            workflow: branching
            project: tests
            domain: engine
            inputs: {n: int, mode: {type: string, default: x}}
            outputs:
              picked: {type: int, from: $pick.y}
              y: {type: int, from: $after.y}
            tasks:
              double: {inputs: {x: int}, outputs: {y: int}, command: [sh, \(directory)/t.sh, double], cache: \(cache)}
              negate: {inputs: {x: int}, outputs: {y: int}, command: [sh, \(directory)/t.sh, negate], cache: \(cache)}
              plus: {inputs: {x: int}, outputs: {y: int}, command: [sh, \(directory)/t.sh, plus], cache: \(cache)}
            nodes:
              - id: pick
                branch:
                  cases:
                    - when: '$inputs.n > 100'
                      id: large
                      task: double
                      inputs: {x: $inputs.n}
                    - when: '$inputs.n >= 0 and $inputs.mode == "x"'
                      id: small
                      task: negate
                      inputs: {x: $inputs.n}
            \(elseCase)
              - {id: after, task: plus, inputs: {x: $pick.y}}
            """
    }

    static func phases(_ report: ExecutionReport) -> [String: String] {
        Dictionary(uniqueKeysWithValues: report.nodes.map { ($0.id, $0.phase) })
    }

    @Test func eachCaseAndTheElseIsChosenByInputValue() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write("branching.yaml", Self.workflow(harness))
            let expected: [(String, String, String, Int64, [String])] = [
                ("200", "large", "x", 400, ["double 200", "plus 400"]),
                ("5", "small", "x", -5, ["negate 5", "plus -5"]),
                ("5", "fallback", "y", 14, ["double 7", "plus 14"]),
                // The same case node with the same inputs as the run before: all hits.
                ("-3", "fallback", "x", 14, []),
            ]
            var traced = 0
            for (n, chosen, mode, picked, trace) in expected {
                let report = try await harness.run(file, inputs: ["n": n, "mode": mode])
                #expect(report.status == .succeeded, "\(report.nodes.compactMap(\.error))")
                #expect(report.output("picked") == .int(picked))
                #expect(report.output("y") == .int(picked + 1))
                #expect(Array(harness.lines("trace").dropFirst(traced)) == trace, "n=\(n) mode=\(mode)")
                traced = harness.lines("trace").count
                let pick = try #require(report.nodes.first { $0.id == "pick" })
                #expect(pick.chosenCase == chosen)
                #expect(pick.phase == "succeeded")
                let phases = Self.phases(report)
                for name in ["large", "small", "fallback"] {
                    #expect(phases["pick/\(name)"] == (name == chosen ? "succeeded" : "skipped"))
                }
                let skipped = try #require(report.nodes.first { $0.id != "pick/\(chosen)" && $0.phase == "skipped" })
                #expect(skipped.error == "not run: pick chose case \(chosen)")
                #expect(report.jsonText().contains("\"id\":\"pick\",\"task\":\"\(pick.task)\""))
                #expect(report.jsonText().contains("\"case\":\"\(chosen)\""))
            }
        }
    }

    @Test func noMatchingCaseFailsNamingTheValues() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write("branching.yaml", Self.workflow(harness, withElse: false))
            let report = try await harness.run(file, inputs: ["n": "-3"])
            #expect(report.status == .failed)
            let pick = try #require(report.nodes.first { $0.id == "pick" })
            #expect(pick.phase == "failed")
            #expect(
                pick.error == "node pick: no case matched (cases: large, small; no else) with $inputs.n = -3,"
                    + " $inputs.mode = \"x\"")
            #expect(pick.chosenCase == nil)
            #expect(Self.phases(report)["after"] == "skipped")
            #expect(Self.phases(report)["pick/large"] == "skipped")
            #expect(harness.lines("trace").isEmpty)
        }
    }

    @Test func aRerunIsAllHitsThroughTheChosenCase() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write("branching.yaml", Self.workflow(harness))
            let first = try await harness.run(file, inputs: ["n": "200"])
            #expect(first.statuses == ["pick/large": .populated, "after": .populated])
            let second = try await harness.run(file, inputs: ["n": "200"])
            #expect(second.status == .succeeded)
            #expect(second.statuses == ["pick/large": .hit, "after": .hit])
            #expect(harness.lines("trace").count == 2)
            #expect(second.output("y") == .int(401))
            // The case caches exactly as a plain node with its task and inputs: the same key.
            let plain = try harness.write(
                "plain.yaml",
                try Self.workflow(harness).replacingOccurrences(
                    of: "outputs:\n  picked: {type: int, from: $pick.y}\n  y: {type: int, from: $after.y}\n",
                    with: "outputs:\n  y: {type: int, from: $direct.y}\n"
                ).components(separatedBy: "nodes:")[0]
                    + "nodes:\n  - {id: direct, task: double, inputs: {x: $inputs.n}}\n")
            let direct = try await harness.run(plain, inputs: ["n": "200"])
            #expect(direct.statuses == ["direct": .hit])
            // `cairn explain` takes the case node; the branch node runs no task of its own.
            let (engine, client) = try harness.engine()
            #expect(try await engine.explain(execution: second.executionID, node: "pick/large").cause == .live)
            await #expect(throws: EngineError.self) {
                try await engine.explain(execution: second.executionID, node: "pick")
            }
            await client.close()
        }
    }

    @Test func resumeKeepsTheRecordedChoiceAndDoesNotRerunAFinishedCase() async throws {
        try await withEngineHarness { harness in
            // No cache: what the resume keeps comes from the state alone.
            let file = try harness.write("branching.yaml", Self.workflow(harness, cache: false))
            let first = try await harness.run(file, inputs: ["n": "200"])
            #expect(first.status == .succeeded)
            #expect(harness.lines("trace") == ["double 200", "plus 400"])
            let id = first.executionID
            let pick = try #require(first.nodes.firstIndex { $0.id == "pick" })
            let large = try #require(first.nodes.firstIndex { $0.id == "pick/large" })
            let small = try #require(first.nodes.firstIndex { $0.id == "pick/small" })
            let after = try #require(first.nodes.firstIndex { $0.id == "after" })
            var state = try ExecutionState(encoded: try await harness.store.execution(id).state)
            #expect(state.branches == [pick: 0])
            // As an engine killed while `after` ran leaves it: the chosen case finished, the branch waiting.
            state.nodes[pick].phase = .waitingForChildren
            state.nodes[pick].outputs = nil
            state.nodes[after].phase = .running
            state.nodes[after].outputs = nil
            try await harness.store.saveExecution(id, status: .running, nodeCount: 5, state: try state.encoded())
            let resumed = try await Self.resume(id, harness)
            #expect(resumed.status == .succeeded, "\(resumed.nodes.compactMap(\.error))")
            #expect(harness.lines("trace") == ["double 200", "plus 400", "plus 400"])
            #expect(resumed.nodes[pick].chosenCase == "large")
            #expect(resumed.output("y") == .int(401))

            // A recorded choice wins over what the conditions say now: small runs, though n is 200.
            state.branches[pick] = 1
            state.nodes[large].phase = .skipped
            state.nodes[large].outputs = nil
            state.nodes[small].phase = .pending
            try await harness.store.saveExecution(id, status: .running, nodeCount: 5, state: try state.encoded())
            let chosen = try await Self.resume(id, harness)
            #expect(chosen.status == .succeeded, "\(chosen.nodes.compactMap(\.error))")
            #expect(chosen.nodes[pick].chosenCase == "small")
            #expect(harness.lines("trace").suffix(2) == ["negate 200", "plus -200"])
            #expect(chosen.output("picked") == .int(-200))
        }
    }

    /// Resumes once the earlier engine's advisory lock is gone (PostgreSQL drops it a moment after
    /// the connection closes).
    static func resume(_ id: UUID, _ harness: EngineHarness) async throws -> ExecutionReport {
        let (engine, client) = try harness.engine()
        var report: ExecutionReport?
        for _ in 0..<300 where report == nil {
            do {
                report = try await engine.resume(id)
            } catch let error as EngineError where error.message.contains("being run by another engine") {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        await client.close()
        if let report { return report }
        throw EngineError(.notResumable, "the earlier engine's lock stayed")
    }
}
