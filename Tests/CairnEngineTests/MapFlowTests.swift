import CairnCore
import Foundation
import Testing

@testable import CairnEngine

/// Map nodes against a real server: per-element caching, failures and the success ratio, the
/// list output offloaded and gathered, the node's concurrency, and a resume from the state.
@Suite struct MapFlowTests {
    /// `square` records its `x` in `trace`, fails when `x` is listed in `failing`, and outputs x².
    static func workflow(
        _ harness: EngineHarness, ratio: Double = 1, cache: Bool = true, concurrency: Int = 8
    ) throws -> String {
        let directory = harness.directory
        try harness.write(
            "square.sh",
            """
            x=$(tr -cd '0-9' < "$CAIRN_INPUTS")
            echo "$x" >> \(directory)/trace
            if grep -qx "$x" \(directory)/failing 2>/dev/null; then exit 3; fi
            printf '{"y": %d}' $((x * x)) > "$CAIRN_OUTPUTS"
            """)
        let type = ratio < 1 ? "\"list<list<int>>\"" : "list<int>"
        return """
            workflow: mapped
            project: tests
            domain: engine
            inputs: {xs: list<int>}
            outputs:
              ys: {type: \(type), from: $squares.y}
            tasks:
              square:
                inputs: {x: int}
                outputs: {y: int}
                command: [sh, \(directory)/square.sh]
                cache: \(cache)
            nodes:
              - id: squares
                map: {task: square, over: [x], concurrency: \(concurrency), min_success_ratio: \(ratio)}
                inputs: {x: $inputs.xs}
            """
    }

    static func numbers(_ range: Range<Int>) -> String {
        "[" + range.map(String.init).joined(separator: ",") + "]"
    }

    @Test func rerunAfterFailedElementsRunsExactlyThose() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write("mapped.yaml", Self.workflow(harness))
            let failing = (0..<10).map { 7 + $0 * 97 }
            try harness.write("failing", failing.map(String.init).joined(separator: "\n") + "\n")
            let inputs = ["xs": Self.numbers(0..<1000)]
            let first = try await harness.run(file, inputs: inputs)
            #expect(first.status == .failed)
            #expect(harness.lines("trace").count == 1000)
            let elements = try #require(first.nodes.first?.elements)
            #expect(elements.count == 1000)
            #expect(elements.succeeded == 990)
            #expect(elements.failed == failing)
            #expect(elements.cache == [.populated: 990, .miss: 10])
            #expect(first.nodes.first?.error?.contains("10 of 1000 elements failed") == true)
            #expect(first.nodes.first?.error?.contains("failed elements: 7, 104, 201") == true)
            #expect(first.jsonText().contains("\"elements\":{\"count\":1000,\"succeeded\":990"))

            try FileManager.default.removeItem(atPath: harness.directory + "/failing")
            let second = try await harness.run(file, inputs: inputs)
            #expect(second.status == .succeeded, "\(second.nodes.compactMap(\.error))")
            let reran = harness.lines("trace").dropFirst(1000)
            #expect(reran.sorted() == failing.map(String.init).sorted())
            #expect(second.nodes.first?.elements?.cache == [.hit: 990, .populated: 10])
            #expect(second.output("ys") == .list((0..<1000).map { .int(Int64($0 * $0)) }))
            #expect(second.statuses["squares"] == .populated)

            let third = try await harness.run(file, inputs: inputs)
            #expect(harness.lines("trace").count == 1010)
            #expect(third.statuses["squares"] == .hit)
        }
    }

    @Test func aRatioBelowOneGivesEmptyListsForFailedElementsAndFailsOnlyBelowIt() async throws {
        try await withEngineHarness { harness in
            let file = try harness.write("mapped.yaml", Self.workflow(harness, ratio: 0.9))
            // 10 of 100 fail: exactly the 90 the ratio asks for succeed.
            try harness.write("failing", (0..<10).map { String($0 * 10 + 1) }.joined(separator: "\n") + "\n")
            let enough = try await harness.run(file, inputs: ["xs": Self.numbers(0..<100)])
            #expect(enough.status == .succeeded, "\(enough.nodes.compactMap(\.error))")
            let expected: [Literal] = (0..<100).map { x in
                x % 10 == 1 ? .list([]) : .list([.int(Int64(x * x))])
            }
            #expect(enough.output("ys") == .list(expected))
            #expect(enough.nodes.first?.elements?.failed == (0..<10).map { $0 * 10 + 1 })

            // 11 of 100 fail: one short.
            try harness.write("failing", (0..<11).map { String(1000 + $0 * 9) }.joined(separator: "\n") + "\n")
            let short = try await harness.run(file, inputs: ["xs": Self.numbers(1000..<1100)])
            #expect(short.status == .failed)
            #expect(
                short.nodes.first?.error?.hasPrefix(
                    "node squares: 11 of 100 elements failed; min_success_ratio 0.9 needs 90 to succeed") == true)
        }
    }

    @Test func aLargeListOutputIsOffloadedAndGathered() async throws {
        try await withEngineHarness { harness in
            let directory = harness.directory
            try harness.write(
                "gather.sh",
                """
                tr -cd '0-9,' < "$CAIRN_INPUTS" | tr ',' '\\n' | grep -c . > \(directory)/count
                printf '{"n": %d}' "$(cat \(directory)/count)" > "$CAIRN_OUTPUTS"
                """)
            var yaml = try Self.workflow(harness)
            yaml = yaml.replacingOccurrences(
                of: "  ys: {type: list<int>, from: $squares.y}",
                with: "  ys: {type: list<int>, from: $squares.y}\n  n: {type: int, from: $gather.n}")
            yaml = yaml.replacingOccurrences(
                of: "nodes:",
                with: """
                      gather:
                        inputs: {ys: list<int>}
                        outputs: {n: int}
                        command: [sh, \(directory)/gather.sh]
                    nodes:
                      - {id: gather, task: gather, inputs: {ys: $squares.y}}
                    """)
            let file = try harness.write("mapped.yaml", yaml)
            let report = try await harness.run(file, inputs: ["xs": Self.numbers(0..<200)]) { $0.offloadMin = 256 }
            #expect(report.status == .succeeded, "\(report.nodes.compactMap(\.error))")
            guard case .offloaded(let reference) = report.output("ys") else {
                Issue.record("the list output is not offloaded: \(String(describing: report.output("ys")))")
                return
            }
            #expect(reference.type == .list(.int))
            #expect(report.output("n") == .int(200))
        }
    }

    @Test func overListsOfDifferentLengthsFailTheNode() async throws {
        try await withEngineHarness { harness in
            var yaml = try Self.workflow(harness)
            yaml = yaml.replacingOccurrences(
                of: "inputs: {xs: list<int>}", with: "inputs: {xs: list<int>, zs: list<int>}"
            )
            .replacingOccurrences(of: "inputs: {x: int}", with: "inputs: {x: int, z: int}")
            .replacingOccurrences(of: "over: [x]", with: "over: [x, z]")
            .replacingOccurrences(of: "inputs: {x: $inputs.xs}", with: "inputs: {x: $inputs.xs, z: $inputs.zs}")
            let file = try harness.write("mapped.yaml", yaml)
            let report = try await harness.run(file, inputs: ["xs": "[1,2,3]", "zs": "[1,2]"])
            #expect(report.status == .failed)
            #expect(
                report.nodes.first?.error
                    == "node squares: the lists of map.over must have the same length, but x has 3, z has 2")
            #expect(harness.lines("trace").isEmpty)
        }
    }

    @Test func concurrencyBoundsTheNodesElementProcesses() async throws {
        try await withEngineHarness { harness in
            let directory = harness.directory
            var yaml = try Self.workflow(harness, cache: false, concurrency: 2)
            try harness.write(
                "slow.sh",
                """
                echo start >> \(directory)/events
                sleep 0.2
                echo end >> \(directory)/events
                printf '{"y": 0}' > "$CAIRN_OUTPUTS"
                """)
            yaml = yaml.replacingOccurrences(of: "\(directory)/square.sh", with: "\(directory)/slow.sh")
            let file = try harness.write("mapped.yaml", yaml)
            let report = try await harness.run(file, inputs: ["xs": Self.numbers(0..<12)]) { $0.parallelism = 8 }
            #expect(report.status == .succeeded)
            var running = 0
            var most = 0
            for event in harness.lines("events") {
                running += event == "start" ? 1 : -1
                most = max(most, running)
            }
            #expect(harness.lines("events").count == 24)
            #expect(most == 2)
        }
    }

    @Test func resumeRunsOnlyUnfinishedElements() async throws {
        try await withEngineHarness { harness in
            // No cache: what the resume keeps comes from the state alone.
            let file = try harness.write("mapped.yaml", Self.workflow(harness, cache: false))
            let first = try await harness.run(file, inputs: ["xs": Self.numbers(0..<50)])
            #expect(first.status == .succeeded)
            #expect(harness.lines("trace").count == 50)
            // As an engine killed mid-map leaves it: the node running, five elements not done.
            let id = first.executionID
            var state = try ExecutionState(encoded: try await harness.store.execution(id).state)
            state.nodes[0].phase = .running
            state.nodes[0].outputs = nil
            var elements = try #require(state.maps[0])
            for element in [3, 9, 20, 21, 49] {
                elements.phases[element] = element == 9 ? .pending : .running
                elements.caches[element] = 0
                elements.outputs[element] = nil
            }
            state.maps[0] = elements
            try await harness.store.saveExecution(id, status: .running, nodeCount: 1, state: try state.encoded())

            let (engine, client) = try harness.engine()
            // The first engine let go of its lock by closing its connection, which PostgreSQL
            // handles a moment later: until then the resume is refused.
            var attempt: ExecutionReport?
            for _ in 0..<300 where attempt == nil {
                do {
                    attempt = try await engine.resume(id)
                } catch let error as EngineError where error.message.contains("being run by another engine") {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            await client.close()
            let resumed = try #require(attempt)
            #expect(resumed.status == .succeeded, "\(resumed.nodes.compactMap(\.error))")
            #expect(harness.lines("trace").dropFirst(50).sorted() == ["20", "21", "3", "49", "9"])
            #expect(resumed.output("ys") == .list((0..<50).map { .int(Int64($0 * $0)) }))
            #expect(resumed.nodes.first?.elements?.cache == [.disabled: 50])
        }
    }
}
