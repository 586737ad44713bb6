import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a resume does before it runs anything: make sure no process of an earlier engine of the
/// execution still runs, so that no node runs twice at the same time.
///
/// The execution lock is free as soon as an engine dies, so a resume may start while the dead
/// engine's watchdog is still killing its groups. The resume first waits for that watchdog to end
/// (it ends right after its kills), which covers every group it had listed, recorded in the state
/// or not. Then it kills the groups the state recorded as running, in case the watchdog was killed
/// too, and waits until they are gone. A group counts as a leftover when it has live members that
/// started no earlier than its recorded leader, and no other process took the leader's pid: a pid
/// still in use as a group id is never given to a new process, so a group whose leader is gone but
/// whose members remain can only be a new one if the pid space wrapped around in between.
enum LeftoverProcesses {
    /// How long to wait for the old watchdog, and for killed groups to go.
    static let patience: Duration = .seconds(10)

    /// Waits for the recorded watchdog and kills the recorded groups that still run. Blocking.
    /// Processes of another machine (or an earlier boot) are not this machine's to check.
    /// - Returns: the groups that were still running and are now killed.
    /// - Throws: ``EngineError/Code/notResumable`` when the watchdog or a killed group does not go.
    static func stop(of state: ExecutionState, execution: UUID) throws -> [ExecutionState.TaskGroup] {
        guard let boot = state.bootID, boot == ProcessStat.bootID() else { return [] }
        let name = execution.uuidString.lowercased()
        if let watchdog = state.watchdog, !wait(until: { !watchdog.isRunning }) {
            throw EngineError(
                .notResumable,
                "execution \(name): the task watchdog (pid \(watchdog.pid)) of the engine that ran it before is "
                    + "still running after \(patience); that engine may still be alive")
        }
        let killed = state.taskGroups.filter { !members(of: $0, in: ProcessStat.all()).isEmpty }
        for group in killed { kill(-group.leader.pid, SIGKILL) }
        let gone = wait {
            let table = ProcessStat.all()
            return killed.allSatisfy { members(of: $0, in: table).isEmpty }
        }
        guard gone else {
            let pids = killed.map { String($0.leader.pid) }.joined(separator: ", ")
            throw EngineError(
                .notResumable, "execution \(name): task process groups \(pids) of an earlier engine survived SIGKILL")
        }
        return killed
    }

    /// The live processes of `group` in `table` (none when its leader's pid went to another process).
    static func members(of group: ExecutionState.TaskGroup, in table: [ProcessStat]) -> [ProcessStat] {
        let leader = group.leader
        if table.contains(where: { $0.pid == leader.pid && $0.startTime != leader.startTime }) { return [] }
        return table.filter { $0.processGroup == leader.pid && $0.startTime >= leader.startTime && $0.isAlive }
    }

    /// Polls `done` until it holds or ``patience`` runs out; whether it held.
    private static func wait(until done: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + patience
        while !done() {
            guard ContinuousClock.now < deadline else { return false }
            usleep(10_000)
        }
        return true
    }
}
