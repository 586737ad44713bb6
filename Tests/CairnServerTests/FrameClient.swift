import NIOCore
import NIOPosix

/// One connection for hostile input: sends the bytes, shuts its sending side (so a frame that only
/// waits for more sees the end of the stream), and collects what the server sends until the server
/// closes or the timeout passes.
///
/// A plain handler that completes a promise, not an `NIOAsyncChannel`: one of those that never ran
/// through `executeThenClose` crashes when it is released, which a connect racing the server's
/// close can cause.
enum FrameClient {
    struct Outcome: Sendable {
        /// Everything the server sent.
        var reply: [UInt8]
        /// Whether the server closed the connection (false: the timeout passed first).
        var closed: Bool
    }

    /// Sends `bytes` on a new connection; with `shutOutput` false the sending side stays open, so
    /// only the server can end a frame that waits for more.
    static func send(_ bytes: [UInt8], port: Int, shutOutput: Bool = true, timeout: TimeAmount = .seconds(20))
        async throws -> Outcome
    {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let done = loop.makePromise(of: Outcome.self)
        let channel: Channel
        do {
            channel = try await ClientBootstrap(group: loop)
                .connectTimeout(.seconds(10))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(Collector(done: done, timeout: timeout))
                    }
                }
                .connect(host: "127.0.0.1", port: port).get()
        } catch {
            done.fail(error)
            throw error
        }
        channel.writeAndFlush(ByteBuffer(bytes: bytes)).whenComplete { _ in
            if shutOutput { channel.close(mode: .output, promise: nil) }
        }
        return try await done.futureResult.get()
    }

    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer

        private let done: EventLoopPromise<Outcome>
        private let timeout: TimeAmount
        private var received: [UInt8] = []
        private var finished = false
        private var timer: Scheduled<Void>?

        init(done: EventLoopPromise<Outcome>, timeout: TimeAmount) {
            self.done = done
            self.timeout = timeout
        }

        func channelActive(context: ChannelHandlerContext) {
            let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
            timer = context.eventLoop.scheduleTask(in: timeout) {
                bound.value.handler.finish(closed: false)
                bound.value.context.close(promise: nil)
            }
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received += unwrapInboundIn(data).readableBytesView
        }

        func channelInactive(context: ChannelHandlerContext) {
            finish(closed: true)
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            // A reset by the server ends the conversation like a close; what arrived before counts.
            context.close(promise: nil)
        }

        func handlerRemoved(context: ChannelHandlerContext) {
            finish(closed: true)
        }

        private func finish(closed: Bool) {
            guard !finished else { return }
            finished = true
            timer?.cancel()
            done.succeed(Outcome(reply: received, closed: closed))
        }
    }
}
