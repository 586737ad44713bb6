import CairnProtocol
import NIOCore

/// A request on its way to the connection: the arguments and where its reply goes.
struct ClientRequest: Sendable {
    var arguments: [ByteBuffer]
    var promise: EventLoopPromise<RESPValue>
}

/// Matches replies to requests on one connection. Requests are written in the order they reach
/// this handler and the server answers in that order, so each reply completes the oldest waiting
/// request. Everything here runs on the channel's event loop: no locks.
///
/// A request that times out is failed at once but keeps its place, so that its late reply is
/// dropped instead of being handed to the next request.
final class ReplyMatcher: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = ClientRequest
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var promise: EventLoopPromise<RESPValue>
        var timer: Scheduled<Void>?
        var timedOut = false
    }

    private var pending = CircularBuffer<Pending>(initialCapacity: 64)
    /// How many requests were ever enqueued: the sequence number of the next one.
    private var enqueued = 0
    /// Set once the connection is unusable: every later request fails with it.
    private var failure: CairnClientError?
    private let timeout: TimeAmount
    private let maxPending: Int
    private let peer: String

    init(timeout: Duration, maxPending: Int, peer: String) {
        self.timeout = TimeAmount(timeout)
        self.maxPending = maxPending
        self.peer = peer
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            request.promise.fail(failure)
            promise?.fail(failure)
            return
        }
        guard pending.count < maxPending else {
            let error = CairnClientError(.tooManyRequests, "more than \(maxPending) requests waiting on \(peer)")
            request.promise.fail(error)
            promise?.fail(error)
            return
        }
        let sequence = enqueued
        enqueued += 1
        let timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in timeOut(sequence) }
        pending.append(Pending(promise: request.promise, timer: timer))
        var buffer = context.channel.allocator.buffer(capacity: 16 + request.arguments.count * 16)
        RESPRequest(arguments: request.arguments).write(to: &buffer)
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        guard let first = pending.popFirst() else {
            fail(context, CairnClientError(.protocolViolation, "\(peer) sent a reply nobody asked for"))
            return
        }
        first.timer?.cancel()
        if !first.timedOut { first.promise.succeed(reply) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(failure ?? CairnClientError(.connectionClosed, "the connection to \(peer) closed"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let error = error as? RESPProtocolError {
            fail(context, CairnClientError(.protocolViolation, "\(peer) sent an unreadable reply: \(error.message)"))
        } else {
            fail(context, CairnClientError(.connectionClosed, "the connection to \(peer) failed: \(error)"))
        }
    }

    /// Fails everything waiting and closes: after a framing error nothing on the stream can be matched.
    private func fail(_ context: ChannelHandlerContext, _ error: CairnClientError) {
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: CairnClientError) {
        if failure == nil { failure = error }
        while let request = pending.popFirst() {
            request.timer?.cancel()
            request.promise.fail(error)
        }
    }

    private func timeOut(_ sequence: Int) {
        // The queue holds requests enqueued - pending.count ..< enqueued, oldest first.
        let index = sequence - (enqueued - pending.count)
        guard index >= 0, index < pending.count, !pending[pending.index(pending.startIndex, offsetBy: index)].timedOut
        else { return }
        let position = pending.index(pending.startIndex, offsetBy: index)
        pending[position].timedOut = true
        pending[position].timer = nil
        pending[position].promise.fail(
            CairnClientError(.timedOut, "no reply from \(peer) within \(timeout.nanoseconds / 1_000_000) ms"))
    }
}
