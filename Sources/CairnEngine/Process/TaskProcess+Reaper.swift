import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#endif

extension TaskProcess {
    /// Waits for one child on a thread of its own and stops it on request. It signals the whole
    /// group only while the child is unreaped, so its pid cannot have been reused.
    final class Reaper: Sendable {
        private struct State {
            var exited = false
            var reason: Termination?
        }

        let pid: pid_t
        let grace: Duration
        /// Called once the group is dead, before the child is reaped.
        let ended: @Sendable () -> Void
        private let state = NIOLockedValueBox(State())

        init(pid: pid_t, grace: Duration, ended: @escaping @Sendable () -> Void = {}) {
            self.pid = pid
            self.grace = grace
            self.ended = ended
        }

        /// Why the engine stopped it, if it did.
        var reason: Termination? { state.withLockedValue { $0.reason } }

        /// Blocks a thread until the child exits, then reaps it.
        func wait() async -> Termination {
            await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: self.waitBlocking()) }.start()
            }
        }

        private func waitBlocking() -> Termination {
            var info = siginfo_t()
            // Learn of the exit without reaping, so a concurrent stop still signals our group.
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
            state.withLockedValue { state in
                state.exited = true
                // The task's leader is gone; whatever it left in its group goes too, so no attempt
                // leaves processes behind. The unreaped leader still holds the group id, so it
                // cannot name another group.
                kill(-pid, SIGKILL)
            }
            ended()
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let signal = status & 0x7F
            return signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
        }

        /// SIGTERM to the group now, SIGKILL after the grace period if it is still running.
        func stop(_ reason: Termination) {
            let proceed = state.withLockedValue { state -> Bool in
                guard !state.exited, state.reason == nil else { return false }
                state.reason = reason
                kill(-pid, SIGTERM)
                return true
            }
            guard proceed else { return }
            let grace = self.grace
            Thread {
                Thread.sleep(forTimeInterval: grace.timeInterval)
                self.state.withLockedValue { state in
                    if !state.exited { kill(-self.pid, SIGKILL) }
                }
            }.start()
        }
    }
}
