import CairnTestSupport
import Foundation
import Testing

/// A workflow run by `cairn run` against a server of its own, killed with SIGKILL once two tasks had
/// finished (``RunResumeTests/interrupt(with:arguments:trace:stderr:)``), then resumed with
/// `--resume --json`: what each step answered and the task log, read before its scratch directory goes.
struct KilledRun {
    /// The killed run's exit status.
    let status: Int32
    /// The `done …` lines logged a moment before the kill.
    let finished: Set<String>
    /// The resumed run.
    let resumed: CommandResult
    /// Every line the tasks logged, across both runs.
    let log: [String]

    /// Runs the workflow `yaml(trace)` (its tasks append `start …`/`done …` lines to `trace`) as
    /// described, in `/tmp/cairn-<name>-…`.
    static func run(_ name: String, _ yaml: (_ trace: String) -> String) async throws -> KilledRun {
        var result: KilledRun?
        try await withServe(["--unix-socket", "none"]) { serve in
            try await TestDatabase.withEmptyDatabase { url in
                let directory = "/tmp/cairn-\(name)-" + UUID().uuidString.prefix(8).lowercased()
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: directory) }
                let trace = directory + "/trace"
                let file = directory + "/\(name).yaml"
                try yaml(trace).write(toFile: file, atomically: true, encoding: .utf8)
                let common = [
                    "--database-url", url, "--catalog", serve.tcp, "--run-dir", directory + "/runs",
                    "--raw-data", directory + "/raw",
                ]
                let (id, status, finished) = try await RunResumeTests.interrupt(
                    with: SIGKILL, arguments: ["run", file] + common, trace: trace, stderr: directory + "/stderr")
                let resumed = try await runCairn(["run", "--resume", id, "--json"] + common)
                result = KilledRun(
                    status: status, finished: finished, resumed: resumed, log: RunResumeTests.lines(trace))
            }
        }
        return try #require(result)
    }
}
