import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// `cairn run` killed with SIGKILL in the middle of a map node, then `--resume`: only the elements
/// that had not finished run again, their outputs kept in the state (the task caches nothing).
@Suite struct RunMapResumeTests {
    /// One map node of six uncached elements, one at a time; each logs `start`/`done` lines.
    static func workflow(trace: String) -> String {
        """
        workflow: slowmap
        project: tests
        domain: cli
        outputs:
          ns: {type: list<int>, from: $steps.n}
        tasks:
          step:
            inputs: {n: int}
            outputs: {n: int}
            command: [sh, -c, 'n=$(sed "s/[^0-9]//g" "$CAIRN_INPUTS"); echo "start $n" >> \(trace); sleep 0.4; echo "done $n" >> \(trace); echo "{\\"n\\": $n}" > "$CAIRN_OUTPUTS"']
        nodes:
          - id: steps
            map: {task: step, over: [n], concurrency: 1}
            inputs: {n: [0, 1, 2, 3, 4, 5]}
        """
    }

    @Test func resumeAfterSIGKILLRunsOnlyUnfinishedElements() async throws {
        let run = try await KilledRun.run("slowmap", Self.workflow)
        #expect(run.status == 128 + SIGKILL)
        #expect(run.finished.count >= 2)
        #expect(run.finished.count < 6)

        let resumed = run.resumed
        #expect(resumed.status == 0, "\(resumed)")
        let report = try json(resumed.stdout)
        #expect(report["status"] as? String == "succeeded")
        let outputs = report["outputs"] as? [String: Any]
        #expect(outputs?["ns"] as? [Int] == [0, 1, 2, 3, 4, 5])
        let all = run.log
        #expect(Set(all.filter { $0.hasPrefix("done") }).count == 6, "\(all)")
        // No element that had finished ran again.
        for line in run.finished {
            let start = "start" + line.dropFirst("done".count)
            #expect(all.filter { $0 == start }.count == 1, "\(all)")
        }
    }
}
