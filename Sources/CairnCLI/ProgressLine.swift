import CairnEngine
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A live progress line on a terminal's standard error, redrawn at most ten times a second.
final class ProgressLine: Sendable {
    private struct State {
        var last: ContinuousClock.Instant?
        var latest: String?
        var drawn = false
    }

    private let state = Mutex(State())

    /// A line on standard error if it is a terminal; `nil` otherwise (logs stay clean).
    static func standardError() -> ProgressLine? {
        isatty(2) == 1 ? ProgressLine() : nil
    }

    func update(_ progress: WorkflowEngine.Progress) {
        var line = "\(progress.finished)/\(progress.total) done, \(progress.running) running, \(progress.cached) cached"
        if progress.failed > 0 { line += ", \(progress.failed) failed" }
        update(line)
    }

    /// Shows `line` (throttled: the latest is drawn at the latest by ``finish()``).
    func update(_ line: String) {
        state.withLock { state in
            state.latest = line
            let now = ContinuousClock.now
            if let last = state.last, now - last < .milliseconds(100) { return }
            state.last = now
            state.drawn = true
            Self.draw(line)
        }
    }

    /// Erases the line, so that other output can be printed on the terminal; the next update draws it again.
    func clear() {
        state.withLock { state in
            guard state.drawn else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
            state.drawn = false
            state.last = nil
        }
    }

    /// Draws the final counts and ends the line.
    func finish() {
        state.withLock { state in
            guard state.drawn, let latest = state.latest else { return }
            Self.draw(latest)
            FileHandle.standardError.write(Data("\n".utf8))
        }
    }

    private static func draw(_ line: String) {
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(line)".utf8))
    }

    /// `[#####-----]  50%`: a bar of `width` cells for `done` out of `total`.
    static func bar(_ done: Int64, of total: Int64, width: Int = 24) -> String {
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let filled = Int((fraction * Double(width)).rounded(.down))
        let percent = Int((fraction * 100).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + String(repeating: " ", count: 3 - String(percent).count) + "\(percent)%"
    }
}
