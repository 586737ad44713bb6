import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// `cairn run` as a user runs it: killed with SIGKILL or interrupted with SIGINT mid-run, then
/// `--resume` finishes without re-running the nodes that had finished.
@Suite struct RunResumeTests {
    /// Six independent uncached nodes run one at a time; each logs `start`/`done` lines.
    static func workflow(trace: String) -> String {
        var text = """
            workflow: slow
            project: tests
            domain: cli
            tasks:
              step:
                inputs: {n: int}
                command: [sh, -c, 'n=$(sed "s/[^0-9]//g" "$CAIRN_INPUTS"); echo "start $n" >> \(trace); sleep 0.4; echo "done $n" >> \(trace)']
            nodes:

            """
        for n in 0..<6 { text += "  - {id: step\(n), task: step, inputs: {n: \(n)}}\n" }
        return text
    }

    static func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Starts `cairn run`, waits for two finished nodes, sends `signal`, and returns the execution id
    /// and the nodes that had finished a moment before the signal.
    static func interrupt(
        with signal: Int32, arguments: [String], trace: String, stderr: String
    ) async throws -> (id: String, status: Int32, finished: Set<String>) {
        let pid = try await Blocking.run {
            try ProcessRunner.spawn([ServeCommandTests.binary] + arguments, output: stderr + ".out", errors: stderr)
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while lines(trace).filter({ $0.hasPrefix("done") }).count < 2 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let finished = Set(lines(trace).filter { $0.hasPrefix("done") })
        // The engine learns of a finish after the task's last line and saves its state just after;
        // give it that moment before pulling the plug.
        try await Task.sleep(for: .milliseconds(600))
        kill(pid, signal)
        let status = try await Blocking.run { try ProcessRunner.wait(pid) }
        let text = try String(contentsOfFile: stderr, encoding: .utf8)
        let marker = "cairn: execution "
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(marker) }, "\(text)")
        return (String(line.dropFirst(marker.count).prefix(36)), status, finished)
    }

    @Test(arguments: [SIGKILL, SIGINT])
    func resumeFinishesWithoutRerunningFinishedNodes(signal: Int32) async throws {
        try await withServe(["--unix-socket", "none"]) { serve in
            try await TestDatabase.withEmptyDatabase { url in
                let directory = "/tmp/cairn-resume-" + UUID().uuidString.prefix(8).lowercased()
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: directory) }
                let trace = directory + "/trace"
                let file = directory + "/slow.yaml"
                try Self.workflow(trace: trace).write(toFile: file, atomically: true, encoding: .utf8)
                let common = [
                    "--database-url", url, "--catalog", serve.tcp, "--parallelism", "1", "--run-dir",
                    directory + "/runs",
                    "--raw-data", directory + "/raw",
                ]
                let (id, status, finished) = try await Self.interrupt(
                    with: signal, arguments: ["run", file] + common, trace: trace, stderr: directory + "/stderr")
                #expect(status == (signal == SIGKILL ? 128 + SIGKILL : 130))
                #expect(finished.count >= 2)

                let resumed = try await runCairn(["run", "--resume", id, "--json"] + common)
                #expect(resumed.status == 0, "\(resumed)")
                let report = try json(resumed.stdout)
                #expect(report["status"] as? String == "succeeded")
                #expect(report["execution_id"] as? String == id)
                let all = Self.lines(trace)
                #expect(Set(all.filter { $0.hasPrefix("done") }).count == 6, "\(all)")
                // No node that had finished ran again. (At a SIGKILL, a task that had just finished
                // before the engine recorded it runs again on the resume; RunOrphanTests checks that
                // a task still running is killed, not run beside the resumed one.)
                for line in finished {
                    let start = "start" + line.dropFirst("done".count)
                    #expect(all.filter { $0 == start }.count == 1, "\(all)")
                }
                // SIGINT stops the running task too: every node finishes exactly once.
                if signal == SIGINT { #expect(all.filter { $0.hasPrefix("done") }.count == 6, "\(all)") }

                let again = try await runCairn(["run", "--resume", id] + common)
                #expect(again.status == 2 && again.stderr.contains("succeeded already"), "\(again)")
            }
        }
    }
}
