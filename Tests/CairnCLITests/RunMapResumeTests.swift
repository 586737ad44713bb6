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
        try await withServe(["--unix-socket", "none"]) { serve in
            try await TestDatabase.withEmptyDatabase { url in
                let directory = "/tmp/cairn-map-resume-" + UUID().uuidString.prefix(8).lowercased()
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: directory) }
                let trace = directory + "/trace"
                let file = directory + "/slowmap.yaml"
                try Self.workflow(trace: trace).write(toFile: file, atomically: true, encoding: .utf8)
                let common = [
                    "--database-url", url, "--catalog", serve.tcp, "--run-dir", directory + "/runs",
                    "--raw-data", directory + "/raw",
                ]
                let (id, status, finished) = try await RunResumeTests.interrupt(
                    with: SIGKILL, arguments: ["run", file] + common, trace: trace, stderr: directory + "/stderr")
                #expect(status == 128 + SIGKILL)
                #expect(finished.count >= 2)
                #expect(finished.count < 6)

                let resumed = try await runCairn(["run", "--resume", id, "--json"] + common)
                #expect(resumed.status == 0, "\(resumed)")
                let report = try json(resumed.stdout)
                #expect(report["status"] as? String == "succeeded")
                let outputs = report["outputs"] as? [String: Any]
                #expect(outputs?["ns"] as? [Int] == [0, 1, 2, 3, 4, 5])
                let all = RunResumeTests.lines(trace)
                #expect(Set(all.filter { $0.hasPrefix("done") }).count == 6, "\(all)")
                // No element that had finished ran again.
                for line in finished {
                    let start = "start" + line.dropFirst("done".count)
                    #expect(all.filter { $0 == start }.count == 1, "\(all)")
                }
            }
        }
    }
}
