import CairnProtocol
import DequeModule
import NIOCore

/// The per-connection handler, on the connection's event loop: runs each request through the
/// executor, answers hot hits and connection commands at once, hands store commands to the
/// connection's job stream, and writes replies in request order (``ConnectionStateMachine``).
/// Reading stops while `maxPipelineDepth` replies are outstanding.
///
/// Pipelined reads run concurrently, but a connection still sees its own writes in order: a write
/// starts only when everything before it has finished, and nothing after it starts before it has.
final class RequestHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPRequest
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Work for the connection's task: runs off the event loop.
    typealias Job = @Sendable () async -> Void

    /// Sent down the pipeline to stop taking requests and close once replies are written.
    struct Drain: Sendable {}

    /// A request read, its table entry looked up once.
    private struct Waiter {
        let ticket: ConnectionStateMachine.Ticket
        let request: RESPRequest
        let spec: CommandSpec?
        let ordering: CommandExecutor.Ordering
    }

    private let executor: CommandExecutor
    private var session: Session
    private var machine: ConnectionStateMachine
    private let jobs: AsyncStream<Job>.Continuation
    private var readWaiting = false
    /// Replies of the current read burst, not yet handed to the channel: the first as it is (no
    /// copy for a lone reply), then all of them copied into one buffer, so a pipelined burst is one
    /// write instead of one per reply.
    private var pendingReply: ByteBuffer?
    private var pendingBurst: ByteBuffer?
    /// Whether replies were handed to the channel since its last flush (a big reply is written at
    /// once, not kept pending, and must still be flushed at the end of the read burst).
    private var unflushed = false
    /// Replies up to this size are copied into the burst buffer; bigger ones are written as they are.
    static let coalesceLimit = 16 * 1024
    /// Requests that may not start yet (behind a write), in order.
    private var waiting = Deque<Waiter>()
    private var running = 0
    private var writeRunning = false

    init(executor: CommandExecutor, session: Session, maxPipelineDepth: Int, jobs: AsyncStream<Job>.Continuation) {
        self.executor = executor
        self.session = session
        self.machine = ConnectionStateMachine(maxPipelineDepth: maxPipelineDepth)
        self.jobs = jobs
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let request = unwrapInboundIn(data)
        guard let ticket = machine.requestArrived() else { return }
        let spec = executor.spec(of: request)
        let waiter = Waiter(ticket: ticket, request: request, spec: spec, ordering: executor.ordering(of: spec))
        if waiting.isEmpty, mayStart(waiter.ordering) {
            start(waiter, context: context, flush: false)
        } else {
            waiting.append(waiter)
        }
    }

    private func mayStart(_ ordering: CommandExecutor.Ordering) -> Bool {
        !writeRunning && (ordering == .concurrent || running == 0)
    }

    private func start(_ waiter: Waiter, context: ChannelHandlerContext, flush: Bool) {
        let execution = executor.start(waiter.request, spec: waiter.spec, session: &session)
        if case .reply(let reply, let close) = execution {
            perform(machine.replyReady(waiter.ticket, reply, close: close), context: context, flush: flush)
            return
        }
        running += 1
        if waiter.ordering == .exclusive { writeRunning = true }
        // Replies arrive off the event loop; this hops back with them.
        let loop = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        let (ticket, ordering) = (waiter.ticket, waiter.ordering)
        let done: @Sendable (ByteBuffer) -> Void = { reply in
            loop.eventLoop.execute {
                let (handler, context) = loop.value
                handler.finished(ticket, reply, ordering, context: context)
            }
        }
        switch execution {
        case .reply: break
        case .callback(let lookup): lookup(done)
        case .deferred(let work):
            if case .terminated = jobs.yield({ done(await work()) }) {
                // The connection is closing: its jobs are no longer run.
                context.close(promise: nil)
            }
        }
    }

    private func finished(
        _ ticket: ConnectionStateMachine.Ticket, _ reply: ByteBuffer, _ ordering: CommandExecutor.Ordering,
        context: ChannelHandlerContext
    ) {
        running -= 1
        if ordering == .exclusive { writeRunning = false }
        perform(machine.replyReady(ticket, reply), context: context, flush: true)
        while let next = waiting.first, mayStart(next.ordering) {
            waiting.removeFirst()
            start(next, context: context, flush: true)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushReplies(context: context)
        context.fireChannelReadComplete()
    }

    /// Writes what is pending and flushes if anything was written since the last flush.
    private func flushReplies(context: ChannelHandlerContext) {
        writePending(context: context)
        guard unflushed else { return }
        unflushed = false
        context.flush()
    }

    /// Queues a reply behind the ones pending.
    private func emit(_ reply: ByteBuffer, context: ChannelHandlerContext) {
        guard reply.readableBytes <= Self.coalesceLimit else {
            writePending(context: context)
            context.write(wrapOutboundOut(reply), promise: nil)
            unflushed = true
            return
        }
        if pendingBurst == nil, pendingReply == nil {
            pendingReply = reply
            return
        }
        if pendingBurst == nil {
            var burst = context.channel.allocator.buffer(capacity: 4 * Self.coalesceLimit)
            burst.writeImmutableBuffer(pendingReply!)
            pendingReply = nil
            pendingBurst = burst
        }
        pendingBurst!.writeImmutableBuffer(reply)
        if pendingBurst!.readableBytes >= 4 * Self.coalesceLimit { writePending(context: context) }
    }

    /// Hands pending replies to the channel (without flushing).
    private func writePending(context: ChannelHandlerContext) {
        if let reply = pendingReply {
            pendingReply = nil
            context.write(wrapOutboundOut(reply), promise: nil)
            unflushed = true
        }
        if let burst = pendingBurst {
            pendingBurst = nil
            context.write(wrapOutboundOut(burst), promise: nil)
            unflushed = true
        }
    }

    func read(context: ChannelHandlerContext) {
        if machine.shouldRead {
            context.read()
        } else {
            readWaiting = true
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is Drain {
            perform(machine.drain(), context: context, flush: true)
        } else if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            perform(machine.idle(), context: context, flush: true)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        jobs.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let error = error as? RESPProtocolError {
            // The stream cannot be trusted after a framing error: say why after the replies
            // already owed, then close.
            executor.stats.recordError(prefix: "ERR")
            if let ticket = machine.requestArrived() {
                let reply = RESPValue.error("ERR \(error)").encoded(version: session.version)
                perform(machine.replyReady(ticket, reply, close: true), context: context, flush: true)
                return
            }
        }
        context.close(promise: nil)
    }

    private func perform(_ action: ConnectionStateMachine.Action, context: ChannelHandlerContext, flush: Bool) {
        switch action {
        case .none: break
        case .write(let replies, let close):
            for reply in replies { emit(reply, context: context) }
            if close {
                writePending(context: context)
                let written = context.eventLoop.makePromise(of: Void.self)
                context.writeAndFlush(wrapOutboundOut(ByteBuffer()), promise: written)
                written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
                return
            }
            if flush { flushReplies(context: context) }
        case .close:
            context.close(promise: nil)
        }
        if readWaiting, machine.shouldRead {
            readWaiting = false
            context.read()
        }
    }
}
