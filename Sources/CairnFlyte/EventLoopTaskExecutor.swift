import NIOCore

/// Runs a task's jobs on one event loop: the unary gRPC path's calls start, run and answer on their
/// connection's loop, so a call that needs no other thread (a hot hit) crosses none. Jobs are
/// enqueued with `execute`, which from the loop itself is a queue append, not a wake-up.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
