import CSpawn
import CairnCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program to completion with `posix_spawn` and `waitpid`, its output collected in a file.
/// Blocking. (Foundation's `Process` can miss the exit of children launched concurrently from
/// several threads, which left callers waiting on zombies.)
package enum ProcessRunner {
    package struct Output: Sendable {
        package var status: Int32
        package var text: String
    }

    /// Runs `executable` with `arguments`, as `user` (through `runuser`) when given.
    package static func run(_ executable: String, _ arguments: [String], as user: String? = nil) throws -> Output {
        let argv = (user.map { ["/usr/sbin/runuser", "-u", $0, "--", executable] } ?? [executable]) + arguments
        // A file, not a pipe: a daemon started by the child must not hold our pipe open.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-\(UUID().uuidString).out").path
        defer { unlink(log) }
        let status = try wait(spawn(argv, output: log))
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return Output(status: status, text: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Starts `argv` (`argv[0]` is the program's path) with stdin from /dev/null and stdout and
    /// stderr appended to the file `output` (stderr to `errors` instead, when given); returns its
    /// pid. Reap it with ``wait(_:)``.
    /// - Parameters:
    ///   - environment: the child's whole environment; `nil` passes this process's on.
    ///   - newProcessGroup: start the child as the leader of a group of its own, so `kill(-pid, …)`
    ///     reaches everything it starts.
    ///   - descriptors: more open files for the child, as child descriptor → this process's
    ///     descriptor (applied last, so `0` replaces stdin). Close-on-exec descriptors may be given:
    ///     the child's copy is inherited, and no other child gets them. The child gets no other
    ///     descriptor of this process beyond 0, 1 and 2.
    package static func spawn(
        _ argv: [String], output: String, errors: String? = nil, environment: [String: String]? = nil,
        newProcessGroup: Bool = false, descriptors: [Int32: Int32] = [:]
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        if let errors {
            posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        for (child, parent) in descriptors.sorted(by: { $0.key < $1.key }) {
            posix_spawn_file_actions_adddup2(&actions, parent, child)
        }
        // Nothing else of ours reaches the child. NIO accepts connections without close-on-exec,
        // so a child would otherwise hold every client socket open at the moment of the spawn:
        // the server's close would send no FIN until the child (a task, a PostgreSQL daemon)
        // exits, and a task could write into another client's connection.
        let highest = max(2, descriptors.keys.max() ?? 0)
        for gap in 3..<(highest + 1) where descriptors[gap] == nil {
            posix_spawn_file_actions_addclose(&actions, gap)
        }
        posix_spawn_file_actions_addclosefrom_np(&actions, highest + 1)

        // The spawning thread may block signals (Dispatch threads do); a child inherits that mask,
        // and pgbench -T, for one, then never sees its SIGALRM. Start children with a clean slate.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if newProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let cEnvironment = environment.map {
            $0.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer { cEnvironment?.forEach { free($0) } }
        var pid = pid_t()
        let spawned =
            if let cEnvironment {
                posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, cEnvironment)
            } else {
                posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, environ)
            }
        guard spawned == 0 else {
            throw CairnError(.unavailable, "cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// Waits for `pid` to end; its exit status, or 128 + the signal that killed it.
    package static func wait(_ pid: pid_t) throws -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else {
                throw CairnError(.internalError, "waitpid failed: \(String(cString: strerror(errno)))")
            }
        }
        // WIFEXITED / WEXITSTATUS, spelled out: they are macros.
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
