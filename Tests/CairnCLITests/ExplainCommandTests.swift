import CairnTestSupport
import Foundation
import Testing

/// `cairn run --explain` prints each miss's reason beside its node (and in `--json`), and
/// `cairn explain <execution> <node>` answers for a node of a recorded execution, against a real
/// `cairn serve`.
@Suite struct ExplainCommandTests {
    static let workflow = """
        workflow: add
        project: tests
        domain: cli
        inputs:
          x: int
        outputs:
          y: {type: int, from: $add.y}
        tasks:
          add:
            inputs: {x: int}
            outputs: {y: int}
            command: [sh, -c, 'echo "{\\"y\\": 1}" > "$CAIRN_OUTPUTS"']
            cache: {enabled: true}
        nodes:
          - {id: add, task: add, inputs: {x: $inputs.x}}
        """

    @Test func runExplainPrintsTheReasonAndExplainAnswersForARecordedNode() async throws {
        try await withServe(["--unix-socket", "none"]) { serve in
            try await withScratchDirectory("cairn-explain-") { directory in
                try await TestDatabase.withEmptyDatabase { url in
                    let file = directory + "/add.yaml"
                    try Self.workflow.write(toFile: file, atomically: true, encoding: .utf8)
                    let common = [
                        "--database-url", url, "--catalog", serve.tcp, "--run-dir", directory + "/runs",
                        "--raw-data", directory + "/raw", "--blob-dir", directory + "/blobs",
                    ]
                    let first = try await runCairn(["run", file, "--input", "x=1", "--explain"] + common)
                    #expect(first.status == 0, "\(first)")
                    #expect(
                        first.stdout.contains("add: succeeded POPULATED, 1 attempt — never seen"), "\(first.stdout)")

                    let second = try await runCairn(["run", file, "--input", "x=2", "--explain", "--json"] + common)
                    #expect(second.status == 0, "\(second)")
                    let report = try json(second.stdout)
                    let nodes = try #require(report["nodes"] as? [[String: Any]])
                    let explanation = try #require(nodes.first?["explanation"] as? [String: Any])
                    #expect(explanation["cause"] as? String == "differs")
                    let summary = try #require(explanation["summary"] as? String)
                    #expect(summary.contains("input x changed: 1 → 2"), "\(summary)")
                    let id = try #require(report["execution_id"] as? String)

                    let live = try await runCairn(["explain", id, "add"] + common)
                    #expect(live.status == 0, "\(live)")
                    #expect(live.stdout.hasPrefix("add: not a miss: the key holds live artifact"), "\(live.stdout)")
                    let unknown = try await runCairn(["explain", id, "nope"] + common)
                    #expect(unknown.status == 2 && unknown.stderr.contains("has no node nope"), "\(unknown)")
                    let bad = try await runCairn(["explain", "not-an-id", "add"] + common)
                    #expect(bad.status != 0 && bad.stderr.contains("not-an-id is not an execution id"), "\(bad)")
                }
            }
        }
    }
}
