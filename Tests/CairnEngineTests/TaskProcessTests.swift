import Foundation
import Testing

@testable import CairnEngine

/// Task processes: exit status, output to the log, the working directory, limits, timeout and
/// cancellation reaching the whole process group.
@Suite struct TaskProcessTests {
    static func launch(_ script: String, in directory: String) -> TaskProcess.Launch {
        TaskProcess.Launch(
            arguments: ["sh", "-c", script], environment: ["PATH": "/usr/bin:/bin", "GREETING": "hello"],
            directory: directory, log: directory + "/log")
    }

    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-process-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func exitStatusEnvironmentDirectoryAndLog() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let termination = try await TaskProcess.run(
            Self.launch("echo $GREETING; pwd; echo oops >&2; exit 4", in: directory))
        #expect(termination == .exited(4))
        let log = try String(contentsOfFile: directory + "/log", encoding: .utf8)
        #expect(log.contains("hello"))
        #expect(log.contains(URL(fileURLWithPath: directory).resolvingSymlinksInPath().path) || log.contains(directory))
        #expect(log.contains("oops"))
    }

    @Test func timeoutKillsTheWholeGroup() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A background grandchild that would outlive its shell; it writes its pid first.
        var launch = Self.launch("sh -c 'echo $$ > \(directory)/grandchild; exec sleep 60' & sleep 60", in: directory)
        launch.timeout = .milliseconds(300)
        launch.killGrace = .milliseconds(200)
        let termination = try await TaskProcess.run(launch)
        #expect(termination == .timedOut(.milliseconds(300)))
        let pid = try #require(
            Int32(
                try String(contentsOfFile: directory + "/grandchild", encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines)))
        // Gone (or a zombie about to be reaped by init) within a moment, not in 60 s.
        let deadline = ContinuousClock.now + .seconds(5)
        while kill(pid, 0) == 0 && Self.state(of: pid) != "Z" && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(kill(pid, 0) != 0 || Self.state(of: pid) == "Z")
    }

    /// The state letter in /proc/<pid>/stat (`Z` for a zombie), if the process exists.
    static func state(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[close...].dropFirst(2).first.map(String.init)
    }

    @Test func sigtermIgnoringTaskIsKilledAfterTheGrace() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var launch = Self.launch("trap '' TERM; while true; do sleep 0.1; done", in: directory)
        launch.timeout = .milliseconds(200)
        launch.killGrace = .milliseconds(300)
        #expect(try await TaskProcess.run(launch) == .timedOut(.milliseconds(200)))
    }

    @Test func cancellationStopsTheProcess() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let task = Task { try await TaskProcess.run(Self.launch("sleep 30", in: directory)) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        #expect(try await task.value == .cancelled)
    }

    @Test func cpuLimitStopsABusyLoop() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var launch = Self.launch("while :; do :; done", in: directory)
        launch.resources.cpuSeconds = 1
        launch.timeout = .seconds(30)
        let termination = try await TaskProcess.run(launch)
        // SIGXCPU at the soft limit (the shell may also be SIGKILLed at the hard one).
        #expect(termination == .signaled(SIGXCPU) || termination == .signaled(SIGKILL))
    }

    @Test func memoryLimitFailsAnAllocationThatPassesIt() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var launch = Self.launch("exec python3 -c 'b = bytearray(512 * 1024 * 1024); print(len(b))'", in: directory)
        launch.resources.memoryBytes = 256 << 20
        let limited = try await TaskProcess.run(launch)
        #expect(limited != .exited(0))
        let log = try String(contentsOfFile: directory + "/log", encoding: .utf8)
        #expect(log.contains("MemoryError"))
    }
}
