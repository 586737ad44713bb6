import CairnCore
import CairnStore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A task's process: started in a process group of its own, with its limits, its output in a log
/// file, killed (group and all) at its timeout or when the engine is cancelled. When its leader
/// exits, whatever it left running in its group is killed; when the engine dies, its
/// ``TaskWatchdog`` kills the group.
struct TaskProcess: Sendable {
    /// What to start.
    struct Launch: Sendable {
        /// argv; `arguments[0]` is looked up on `PATH` when it has no `/`.
        var arguments: [String]
        /// The whole environment of the process.
        var environment: [String: String]
        /// The working directory.
        var directory: String
        /// stdout and stderr are appended here.
        var log: String
        var resources = Resources()
        var timeout: Duration?
        /// Between SIGTERM and SIGKILL when stopping it.
        var killGrace: Duration = .seconds(5)
        /// Lists the group while it runs (the engine always gives one).
        var watchdog: TaskWatchdog?
        /// The node it runs for, as the watchdog lists it.
        var node = 0
    }

    /// How it ended.
    enum Termination: Hashable, Sendable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)
        /// Killed at its timeout.
        case timedOut(Duration)
        /// Killed because the engine was cancelled.
        case cancelled

        var description: String {
            switch self {
            case .exited(let code): "exited with status \(code)"
            case .signaled(let signal): "was killed by signal \(signal) (\(Self.signalName(signal)))"
            case .timedOut(let timeout): "timed out after \(timeout.timeInterval)s and was killed"
            case .cancelled: "was cancelled"
            }
        }

        static func signalName(_ signal: Int32) -> String {
            switch signal {
            case SIGKILL: "SIGKILL"
            case SIGTERM: "SIGTERM"
            case SIGXCPU: "SIGXCPU: CPU-time limit reached"
            case SIGSEGV: "SIGSEGV"
            case SIGABRT: "SIGABRT"
            case SIGINT: "SIGINT"
            default: "signal \(signal)"
            }
        }
    }

    /// Starts the process and waits for it, killing it at its timeout or on task cancellation.
    static func run(_ launch: Launch) async throws -> Termination {
        let pid: pid_t
        do {
            // On a thread of its own: posix_spawn holds the caller until the child has opened its
            // log and exec'd, which a busy disk can stretch to seconds.
            pid = try await Blocking.run {
                let watchdog = launch.watchdog
                let pid = try ProcessRunner.spawn(
                    wrapper(launch), output: launch.log, environment: launch.environment, newProcessGroup: true,
                    descriptors: watchdog.map { [3: $0.registration] } ?? [:])
                watchdog?.started(pid, node: launch.node)
                return pid
            }
        } catch let error as CairnError {
            throw CairnError(
                .internalError, "could not start \(launch.arguments.first ?? "the task"): \(error.message)")
        }
        let reaper = Reaper(pid: pid, grace: launch.killGrace) { [watchdog = launch.watchdog] in watchdog?.ended(pid) }
        return await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { group in
                if let timeout = launch.timeout {
                    group.addTask {
                        try? await Task.sleep(for: timeout)
                        if !Task.isCancelled { reaper.stop(.timedOut(timeout)) }
                    }
                }
                let status = await reaper.wait()
                group.cancelAll()
                return reaper.reason ?? status
            }
        } onCancel: {
            reaper.stop(.cancelled)
        }
    }

    /// `sh -c` prologue: register with the watchdog, go to the directory, set the limits, exec the command.
    static func wrapper(_ launch: Launch) -> [String] {
        var script = launch.watchdog == nil ? "" : TaskWatchdog.registrationPrologue
        script += #"cd -- "$0" || exit 126; "#
        if let memory = launch.resources.memoryBytes {
            script += "ulimit -v \(max(1, memory / 1024)) || exit 126; "
        }
        if let cpu = launch.resources.cpuSeconds { script += "ulimit -t \(max(1, cpu)) || exit 126; " }
        script += #"exec "$@""#
        return ["/bin/sh", "-c", script, launch.directory] + launch.arguments
    }
}
