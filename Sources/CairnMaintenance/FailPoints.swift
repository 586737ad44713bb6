import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Crash injection for tests of crash safety: `CAIRN_FAILPOINTS=name[@n],…` makes the process kill
/// itself with SIGKILL the `n`th time (default first) it passes the named point. Unset, each check
/// is one dictionary lookup in an empty dictionary.
///
/// Points: `purge.batch-committed` (after a deletion batch commits), `gc.object-deleted` (after a
/// blob object is unlinked, before its queue entry is removed), `gc.batch-dequeued` (after a batch
/// of queue entries is removed).
public enum FailPoints {
    private static let armed: [String: Int] = parse(ProcessInfo.processInfo.environment["CAIRN_FAILPOINTS"] ?? "")
    private static let counts = Mutex<[String: Int]>([:])

    /// Kills the process if `name` is armed and this is its `n`th pass.
    public static func check(_ name: String) {
        guard let target = armed[name] else { return }
        let count = counts.withLock { counts in
            counts[name, default: 0] += 1
            return counts[name]!
        }
        if count == target { kill(getpid(), SIGKILL) }
    }

    /// `a@3,b` → `["a": 3, "b": 1]`; malformed entries are ignored.
    static func parse(_ text: String) -> [String: Int] {
        var points: [String: Int] = [:]
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            if parts.count == 2 {
                guard let n = Int(parts[1]), n > 0 else { continue }
                points[name] = n
            } else {
                points[name] = 1
            }
        }
        return points
    }
}
