import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// `cairn run` killed with SIGKILL after a branch chose and its case finished, then `--resume`:
/// the branch keeps its choice and its finished case does not run again (the tasks cache nothing).
@Suite struct RunBranchResumeTests {
    /// `first` outputs 1, `pick` chooses case `one` (n = 2) on it, then `after` reads the branch's
    /// output and takes long enough to be killed; each step logs `start`/`done` lines.
    static func workflow(trace: String) -> String {
        """
        workflow: slowbranch
        project: tests
        domain: cli
        outputs:
          n: {type: int, from: $after.n}
        tasks:
          step:
            inputs: {n: int}
            outputs: {n: int}
            command: [sh, -c, 'n=$(sed "s/[^0-9]//g" "$CAIRN_INPUTS"); echo "start $1 $n" >> \(trace); sleep $0; echo "done $1 $n" >> \(trace); echo "{\\"n\\": $n}" > "$CAIRN_OUTPUTS"', '0.4', step]
          slow:
            inputs: {n: int}
            outputs: {n: int}
            command: [sh, -c, 'n=$(sed "s/[^0-9]//g" "$CAIRN_INPUTS"); echo "start $1 $n" >> \(trace); sleep $0; echo "done $1 $n" >> \(trace); echo "{\\"n\\": $n}" > "$CAIRN_OUTPUTS"', '3', slow]
        nodes:
          - {id: first, task: step, inputs: {n: 1}}
          - id: pick
            branch:
              cases:
                - {when: '$first.n == 1', id: one, task: step, inputs: {n: 2}}
              else: {id: other, task: step, inputs: {n: 3}}
          - {id: after, task: slow, inputs: {n: $pick.n}}
        """
    }

    @Test func resumeAfterSIGKILLKeepsTheChoiceAndTheFinishedCase() async throws {
        let run = try await KilledRun.run("slowbranch", Self.workflow)
        #expect(run.status == 128 + SIGKILL)
        #expect(run.finished == ["done step 1", "done step 2"])

        let resumed = run.resumed
        #expect(resumed.status == 0, "\(resumed)")
        let report = try json(resumed.stdout)
        #expect(report["status"] as? String == "succeeded")
        #expect((report["outputs"] as? [String: Any])?["n"] as? Int == 2)
        let nodes = report["nodes"] as? [[String: Any]] ?? []
        #expect(nodes.first { $0["id"] as? String == "pick" }?["case"] as? String == "one")
        #expect(nodes.first { $0["id"] as? String == "pick/other" }?["phase"] as? String == "skipped")
        let all = run.log
        // The finished case ran once, the other case never; the killed reader ran again.
        #expect(all.filter { $0 == "start step 2" }.count == 1, "\(all)")
        #expect(!all.contains("start step 3"), "\(all)")
        #expect(all.filter { $0 == "done slow 2" }.count == 1, "\(all)")
    }
}
