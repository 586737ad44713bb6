import CairnStore
import CairnTestSupport
import Foundation
import Testing

/// `kill -9` of `cairn run` leaves no task process behind (the task's own children included), and
/// `--resume` runs the node again only once the old attempt is gone.
@Suite struct RunOrphanTests {
    /// One node. On the first run its task records its pid and a background child's, then waits;
    /// on the resume it notes any of them still alive and succeeds.
    static func workflow(directory: String) -> String {
        """
        workflow: orphans
        project: tests
        domain: cli
        tasks:
          hold:
            inputs: {n: int}
            command:
              - sh
              - -c
              - |
                cd \(directory)
                if [ -f started ]; then
                  for p in $(cat pids); do
                    s=$(cut -d' ' -f3 /proc/$p/stat 2>/dev/null)
                    if [ -n "$s" ] && [ "$s" != Z ]; then echo "overlap $p" >> trace; fi
                  done
                  echo resumed >> trace
                  exit 0
                fi
                touch started
                sleep 300 &
                echo "$$ $!" > pids.new && mv pids.new pids
                sleep 300
        nodes:
          - {id: hold, task: hold, inputs: {n: 1}}

        """
    }

    /// A process seen at one moment: alive later only if the same pid has the same start time.
    struct Seen: Hashable {
        var pid: Int32
        var startTime: String

        init?(_ pid: Int32) {
            guard let fields = Self.fields(pid) else { return nil }
            self.pid = pid
            startTime = fields[19]
        }

        /// The fields of /proc/<pid>/stat after the command name (state first).
        static func fields(_ pid: Int32) -> [String]? {
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = text.lastIndex(of: ")")
            else { return nil }
            let fields = text[text.index(after: close)...].split(separator: " ").map(String.init)
            return fields.count > 19 ? fields : nil
        }

        /// Still this process, and not a zombie waiting to be reaped.
        var isRunning: Bool {
            guard let fields = Self.fields(pid) else { return false }
            return fields[19] == startTime && fields[0] != "Z" && fields[0] != "X"
        }
    }

    @Test func killedRunLeavesNoTaskProcessAndResumeRunsTheNodeAlone() async throws {
        try await withServe(["--unix-socket", "none"]) { serve in
            try await TestDatabase.withEmptyDatabase { url in
                let directory = "/tmp/cairn-orphans-" + UUID().uuidString.prefix(8).lowercased()
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: directory) }
                let file = directory + "/orphans.yaml"
                try Self.workflow(directory: directory).write(toFile: file, atomically: true, encoding: .utf8)
                let common = [
                    "--database-url", url, "--catalog", serve.tcp, "--run-dir", directory + "/runs", "--raw-data",
                    directory + "/raw",
                ]
                let stderr = directory + "/stderr"
                let engine = try await Blocking.run {
                    try ProcessRunner.spawn(
                        [ServeCommandTests.binary, "run", file] + common, output: stderr + ".out", errors: stderr)
                }
                // The task and its child are running once it has written their pids.
                let deadline = ContinuousClock.now + .seconds(60)
                var pids: [Int32] = []
                while pids.count < 2 && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                    let text = (try? String(contentsOfFile: directory + "/pids", encoding: .utf8)) ?? ""
                    pids = text.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
                }
                let seen = pids.compactMap(Seen.init)
                try #require(seen.count == 2, "task pids \(pids)")

                kill(engine, SIGKILL)
                _ = try await Blocking.run { try ProcessRunner.wait(engine) }
                // A generous bound that only catches a hang: the task would otherwise sleep 300 s.
                let gone = ContinuousClock.now + .seconds(30)
                while seen.contains(where: \.isRunning) && ContinuousClock.now < gone {
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(seen.filter(\.isRunning).isEmpty, "still running after the engine's SIGKILL: \(seen)")

                let text = try String(contentsOfFile: stderr, encoding: .utf8)
                let marker = "cairn: execution "
                let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(marker) }, "\(text)")
                let id = String(line.dropFirst(marker.count).prefix(36))
                let resumed = try await runCairn(["run", "--resume", id, "--json"] + common)
                #expect(resumed.status == 0, "\(resumed)")
                #expect(try json(resumed.stdout)["status"] as? String == "succeeded")
                let trace = (try? String(contentsOfFile: directory + "/trace", encoding: .utf8)) ?? ""
                #expect(trace == "resumed\n", "the resumed attempt saw the old one: \(trace)")
            }
        }
    }
}
