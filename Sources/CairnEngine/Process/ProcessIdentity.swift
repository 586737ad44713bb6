/// A process as it can be recognised later, by another engine on the same machine: its pid and
/// its start time, since a pid alone may have been given to another process in between.
struct ProcessIdentity: Hashable, Sendable {
    var pid: Int32
    /// Clock ticks from boot to the process's start (`/proc/<pid>/stat`, field 22).
    var startTime: UInt64

    /// The process `pid` as it is now; `nil` when it does not exist (or there is no `/proc`).
    static func of(_ pid: Int32) -> ProcessIdentity? {
        ProcessStat.read(pid).map { ProcessIdentity(pid: pid, startTime: $0.startTime) }
    }

    /// Whether this very process still runs (a zombie does not).
    var isRunning: Bool {
        guard let stat = ProcessStat.read(pid) else { return false }
        return stat.startTime == startTime && stat.isAlive
    }
}
