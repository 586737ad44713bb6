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
        var latest: WorkflowEngine.Progress?
        var drawn = false
    }

    private let state = Mutex(State())

    /// A line on standard error if it is a terminal; `nil` otherwise (logs stay clean).
    static func standardError() -> ProgressLine? {
        isatty(2) == 1 ? ProgressLine() : nil
    }

    func update(_ progress: WorkflowEngine.Progress) {
        state.withLock { state in
            state.latest = progress
            let now = ContinuousClock.now
            if let last = state.last, now - last < .milliseconds(100) { return }
            state.last = now
            state.drawn = true
            Self.draw(progress)
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

    private static func draw(_ progress: WorkflowEngine.Progress) {
        var line = "\r\u{1B}[2K\(progress.finished)/\(progress.total) done, \(progress.running) running, "
        line += "\(progress.cached) cached"
        if progress.failed > 0 { line += ", \(progress.failed) failed" }
        FileHandle.standardError.write(Data(line.utf8))
    }
}
