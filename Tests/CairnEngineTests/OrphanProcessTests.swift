import CairnCore
import CairnStore
import CairnTestSupport
import Foundation
import Testing

@testable import CairnEngine

/// No task process outlives its attempt or its engine: the group goes with its leader, the
/// watchdog kills listed groups when its engine's end closes, and a resume kills the groups an
/// earlier engine recorded before it runs anything.
@Suite struct OrphanProcessTests {
    /// Pids a script wrote (`$$ $!`), once there are two.
    static func pids(in file: String) async throws -> [Int32] {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            let pids = text.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
            if pids.count >= 2 { return pids }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("no pids in \(file)")
        return []
    }

    /// Waits (a bound that only catches a hang) until none of `processes` runs; whether none does.
    static func allGone(_ processes: [ProcessIdentity]) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while processes.contains(where: \.isRunning) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        return !processes.contains(where: \.isRunning)
    }

    /// A task that starts a background child and waits; both pids go to `pids` first.
    static let holder = #"sleep 300 & echo "$$ $!" > pids.new && mv pids.new pids; wait"#

    @Test func leftoverChildrenOfAnExitedTaskAreKilled() async throws {
        try await withScratchDirectory("cairn-orphans-") { directory in
            var launch = TaskProcessTests.launch(#"sleep 300 & echo "$$ $!" > pids"#, in: directory)
            launch.timeout = .seconds(60)
            #expect(try await TaskProcess.run(launch) == .exited(0))
            let child = try #require(try await Self.pids(in: directory + "/pids").last.flatMap(ProcessIdentity.of))
            #expect(try await Self.allGone([child]))
        }
    }

    @Test func watchdogKillsAListedGroupWhenItsEngineEndGoes() async throws {
        try await withScratchDirectory("cairn-orphans-") { directory in
            let watchdog = try TaskWatchdog.start(execution: UUID())
            var launch = TaskProcessTests.launch(Self.holder, in: directory)
            launch.watchdog = watchdog
            launch.node = 3
            // A hang catcher: without the watchdog's kill the task would run to this timeout.
            launch.timeout = .seconds(60)
            let run = Task { try await TaskProcess.run(launch) }
            let processes = try await Self.pids(in: directory + "/pids").compactMap(ProcessIdentity.of)
            #expect(watchdog.running().map(\.node) == [3])
            #expect(watchdog.running().map(\.leader.pid) == [processes.first?.pid])
            // What the kernel does when the engine dies: its end of the socket closes.
            watchdog.stop()
            #expect(try await run.value == .signaled(SIGKILL))
            #expect(try await Self.allGone(processes))
            #expect(watchdog.running().isEmpty)
        }
    }

    @Test func leftoverGroupsAreRecognisedByStartTime() throws {
        let group = ExecutionState.TaskGroup(node: 0, leader: ProcessIdentity(pid: 500, startTime: 1000))
        let leader = ProcessStat(pid: 500, state: "S", processGroup: 500, startTime: 1000)
        let child = ProcessStat(pid: 501, state: "R", processGroup: 500, startTime: 1002)
        let zombie = ProcessStat(pid: 502, state: "Z", processGroup: 500, startTime: 1003)
        let older = ProcessStat(pid: 499, state: "S", processGroup: 500, startTime: 900)
        #expect(LeftoverProcesses.members(of: group, in: [leader, child, zombie, older]) == [leader, child])
        // The leader gone, its child still in the group: still the same group.
        #expect(LeftoverProcesses.members(of: group, in: [child]) == [child])
        // The pid went to another process: the group id names another group now.
        let reused = ProcessStat(pid: 500, state: "S", processGroup: 500, startTime: 5000)
        #expect(LeftoverProcesses.members(of: group, in: [reused, child]).isEmpty)
        // Another machine's (or boot's) processes are not looked at.
        var state = ExecutionState(nodeCount: 1)
        state.bootID = "another-boot"
        state.taskGroups = [group]
        #expect(try LeftoverProcesses.stop(of: state, execution: UUID()).isEmpty)
    }

    @Test func resumeKillsARecordedLeftoverGroupBeforeRunningTheNode() async throws {
        try await withEngineHarness { harness in
            let directory = harness.directory
            // Fails on the first run; on the resume, notes whether the recorded group still runs.
            let file = try harness.write(
                "leftover.yaml",
                """
                workflow: leftover
                project: tests
                domain: engine
                tasks:
                  work:
                    inputs: {n: int}
                    command:
                      - sh
                      - -c
                      - |
                        cd \(directory)
                        if [ ! -f failed ]; then touch failed; exit 1; fi
                        for p in $(cat survivor/pids); do
                          s=$(cut -d' ' -f3 /proc/$p/stat 2>/dev/null)
                          if [ -n "$s" ] && [ "$s" != Z ]; then echo "overlap $p" >> trace; fi
                        done
                        echo ran >> trace
                nodes:
                  - {id: work, task: work, inputs: {n: 1}}
                """)
            let failed = try await harness.run(file)
            #expect(failed.status == .failed)

            // An attempt that an engine killed with its watchdog left running: a group of its own.
            try FileManager.default.createDirectory(atPath: directory + "/survivor", withIntermediateDirectories: true)
            let leader = try await Blocking.run {
                try ProcessRunner.spawn(
                    ["/bin/sh", "-c", "cd \(directory)/survivor; " + Self.holder], output: "/dev/null",
                    newProcessGroup: true)
            }
            // Whatever the test's outcome, the group does not outlive it.
            defer { kill(-leader, SIGKILL) }
            let processes = try await Self.pids(in: directory + "/survivor/pids").compactMap(ProcessIdentity.of)
            try #require(processes.count == 2)
            let id = failed.executionID
            var state = try ExecutionState(encoded: try await harness.store.execution(id).state)
            state.nodes[0].phase = .running
            state.bootID = try #require(ProcessStat.bootID())
            state.watchdog = nil
            state.taskGroups = [ExecutionState.TaskGroup(node: 0, leader: processes[0])]
            try await harness.store.saveExecution(id, status: .failed, nodeCount: 1, state: try state.encoded())

            let (engine, client) = try harness.engine()
            let resumed = try await engine.resume(id)
            await client.close()
            #expect(resumed.status == .succeeded, "\(resumed.nodes.compactMap(\.error))")
            #expect(harness.lines("trace") == ["ran"])
            #expect(resumed.nodes.first?.note?.contains("killed process group \(leader)") == true)
            #expect(try await Self.allGone(processes))
            kill(-leader, SIGKILL)
            _ = try await Blocking.run { try ProcessRunner.wait(leader) }
            let saved = try ExecutionState(encoded: try await harness.store.execution(id).state)
            #expect(saved.taskGroups.isEmpty)
            #expect(saved.bootID == ProcessStat.bootID())
        }
    }
}
