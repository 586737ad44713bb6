import CairnStore
import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#endif

/// Kills an execution's task process groups when its engine dies, however it dies (`kill -9`
/// included), and keeps the list of running groups that the state records for a resume.
///
/// It is a small `/bin/sh` loop in a process group of its own, reading a socket whose other end
/// only this engine holds (close-on-exec, so no task inherits it past its wrapper). Each task's
/// wrapper writes `+ <pgid>` before it runs the task; the engine writes `- <pgid>` once the group
/// is dead and before it reaps the leader (whose unreaped pid keeps the group id from being
/// reused). When the engine's process ends, the kernel closes its end: the loop reads end of file,
/// sends SIGKILL to every group still listed, and exits. A clean end of the execution closes it
/// the same way with no group listed.
///
/// Why not a parent-death signal (`PR_SET_PDEATHSIG`): it reaches only the process it is set in,
/// not the children a task starts (it is cleared in every fork), it fires when the *thread* that
/// started the process ends (the engine spawns from short-lived threads), and `posix_spawn` cannot
/// set it, so it would need a fork/exec shim of our own in a multithreaded process. A registration
/// made by the wrapper itself, before anything of the task runs, leaves no window in which a task
/// could run unlisted: if the engine is already gone, the wrapper's copy of the engine's end keeps
/// the socket open until it has written, so the loop still reads the group before end of file
/// (and with the loop killed, the write fails and the wrapper does not start the task).
final class TaskWatchdog: Sendable {
    /// The loop's process, as the state records it; `nil` without a `/proc` to read it from.
    let identity: ProcessIdentity?
    /// This machine's boot, which the recorded identities belong to.
    let bootID: String?
    /// The descriptor a task's wrapper gets as fd 3, to register its group.
    let registration: Int32
    private let pid: pid_t
    private let state: NIOLockedValueBox<State>
    /// One element after any change to the running groups (newest only: a reader wants the list).
    let changes: AsyncStream<Void>
    private let changed: AsyncStream<Void>.Continuation

    private struct State {
        var groups: [pid_t: ExecutionState.TaskGroup] = [:]
        var closed = false
    }

    /// The loop: `+ g` lists a group, `- g` unlists it, end of file kills what is listed. It ignores
    /// the signals a terminal or a job-control `kill` sends, so it outlives the engine it guards.
    static let script = """
        trap '' HUP INT QUIT TERM PIPE
        groups=' '
        while read -r sign group; do
          case $sign in
            +) groups="$groups$group " ;;
            -) case $groups in *" $group "*) groups="${groups%% $group *} ${groups#* $group }" ;; esac ;;
          esac
        done
        for group in $groups; do kill -s KILL -- "-$group" 2>/dev/null; done
        """

    /// The wrapper's first words: register the group, then let go of the registration descriptor.
    /// With the watchdog gone the task does not start (exit 125).
    static let registrationPrologue =
        #"trap '' PIPE; echo "+ $$" >&3 || { echo "cairn: the watchdog of this execution is gone; "#
        + #"the task is not started" >&2; exit 125; }; trap - PIPE; exec 3>&-; "#

    /// Starts the watchdog of `execution`. Blocking.
    static func start(execution: UUID) throws -> TaskWatchdog {
        // A Unix stream socket pair rather than a pipe: it is created close-on-exec at once (a
        // concurrent spawn cannot inherit it), and the engine's writes take MSG_NOSIGNAL. A write of
        // a few bytes goes in one piece, so lines from the engine and the wrappers never interleave.
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw EngineError(.io, "cannot create the task watchdog's socket: \(String(cString: strerror(errno)))")
        }
        // ends[0] is the loop's alone; this process keeps only ends[1].
        defer { close(ends[0]) }
        let pid: pid_t
        do {
            pid = try ProcessRunner.spawn(
                ["/bin/sh", "-c", script, "cairn-watchdog", execution.uuidString.lowercased()], output: "/dev/null",
                newProcessGroup: true, descriptors: [0: ends[0]])
        } catch {
            close(ends[1])
            throw EngineError(.io, "cannot start the task watchdog: \(error)")
        }
        return TaskWatchdog(pid: pid, registration: ends[1])
    }

    private init(pid: pid_t, registration: Int32) {
        self.pid = pid
        self.registration = registration
        identity = ProcessIdentity.of(pid)
        bootID = ProcessStat.bootID()
        state = NIOLockedValueBox(State())
        (changes, changed) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The group `pid` leads runs for `node`; its wrapper registers it with the loop. Blocking
    /// (reads `/proc`); call it before the leader can have been reaped.
    func started(_ pid: pid_t, node: Int) {
        guard let leader = ProcessIdentity.of(pid) else { return }
        state.withLockedValue { $0.groups[pid] = ExecutionState.TaskGroup(node: node, leader: leader) }
        changed.yield()
    }

    /// The group `pid` led is dead: unlist it. Call it before reaping the leader. Blocking (a socket write).
    func ended(_ pid: pid_t) {
        // Under the lock, so that ``stop()`` cannot close the descriptor in between.
        let listed = state.withLockedValue { state -> Bool in
            guard state.groups.removeValue(forKey: pid) != nil, !state.closed else { return false }
            tell("- \(pid)\n")
            return true
        }
        if listed { changed.yield() }
    }

    /// The groups running now, in a stable order.
    func running() -> [ExecutionState.TaskGroup] {
        state.withLockedValue { Array($0.groups.values) }.sorted { ($0.node, $0.leader.pid) < ($1.node, $1.leader.pid) }
    }

    /// Ends the loop (closing this engine's end) and reaps it on a thread of its own. Call it once no
    /// task of the execution runs or starts any more.
    func stop() {
        let first = state.withLockedValue { state -> Bool in
            defer { state.closed = true }
            if !state.closed { close(registration) }
            return !state.closed
        }
        guard first else { return }
        changed.finish()
        let pid = self.pid
        Thread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }.start()
    }

    /// Writes to the loop; a loop that is gone fails the write (and the next wrapper refuses to
    /// start) rather than killing the engine with SIGPIPE.
    private func tell(_ line: String) {
        let bytes = Array(line.utf8)
        while send(registration, bytes, bytes.count, Int32(MSG_NOSIGNAL)) < 0 && errno == EINTR {}
    }
}
