import Foundation

/// What `/proc/<pid>/stat` says about a process.
struct ProcessStat: Hashable, Sendable {
    var pid: Int32
    /// `R`, `S`, `D`, … ; `Z` for a zombie, `X` for a dead one.
    var state: Character
    var processGroup: Int32
    var startTime: UInt64

    /// Running or able to run: not a zombie waiting for its parent, nor dead.
    var isAlive: Bool { state != "Z" && state != "X" }

    static func read(_ pid: Int32) -> ProcessStat? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        return parse(String(decoding: data, as: UTF8.self), pid: pid)
    }

    /// Every process on the machine (of those this user may see).
    static func all() -> [ProcessStat] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { Int32($0) }.compactMap(read)
    }

    static func parse(_ text: String, pid: Int32) -> ProcessStat? {
        // After the command name in parentheses (which may hold spaces and parentheses): state is
        // the first field (3), the group the third (5) and the start time the twentieth (22).
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let state = fields[0].first, let group = Int32(fields[2]),
            let start = UInt64(fields[19])
        else { return nil }
        return ProcessStat(pid: pid, state: state, processGroup: group, startTime: start)
    }

    /// This boot of this machine: start times and pids mean something only within it.
    static func bootID() -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/sys/kernel/random/boot_id") else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
