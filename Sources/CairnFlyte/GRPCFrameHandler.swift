import GRPCCore
import NIOCore
import NIOHPACK
import NIOHTTP2

/// The unary gRPC path of one HTTP/2 connection, in one handler after `NIOHTTP2Handler` (which
/// runs without a stream multiplexer, so no child channel is made per call): it sees the frames of
/// every stream, gathers each request's HEADERS and DATA by stream id, runs the method once and
/// writes the response's HEADERS, DATA and trailers on the same stream. Without a multiplexer the
/// inbound flow-control windows are this handler's to reopen: the connection's as DATA arrives, a
/// stream's while its request is still arriving.
final class GRPCFrameHandler: ChannelInboundHandler {
    typealias InboundIn = HTTP2Frame
    typealias OutboundOut = HTTP2Frame

    /// One call, from its HEADERS until its stream closes.
    final class Call {
        enum Phase {
            /// Its request's frames are arriving.
            case receiving
            /// Its method runs.
            case running(Task<Void, Never>)
            /// Its response (or refusal) is written; the stream waits to close.
            case answered
        }

        let head: UnaryGRPCServer.RequestHead
        let route: UnaryGRPCServer.Route
        var message: ByteBuffer?
        var phase = Phase.receiving
        var deadline: Scheduled<Void>?
        var start = ContinuousClock.now

        init(head: UnaryGRPCServer.RequestHead, route: UnaryGRPCServer.Route) {
            (self.head, self.route) = (head, route)
        }
    }

    let routes: UnaryGRPCServer.Routes
    let executor: EventLoopTaskExecutor
    let isLoopback: Bool
    var context: ChannelHandlerContext?
    var calls: [HTTP2StreamID: Call] = [:]
    private var connectionWindowOpened = false
    var flushPending = false
    var flushScheduled = false

    init(routes: UnaryGRPCServer.Routes, executor: EventLoopTaskExecutor, peer: SocketAddress?) {
        self.routes = routes
        self.executor = executor
        isLoopback = FlyteAccess.isLoopback(peer: UnaryGRPCServer.peer(peer))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        openConnectionWindow()
        switch frame.payload {
        case .headers(let headers):
            if calls[frame.streamID] == nil {
                begin(frame.streamID, headers.headers, ended: headers.endStream)
            } else if headers.endStream {
                requestEnded(frame.streamID)
            }
        case .data(let data):
            guard case .byteBuffer(var bytes) = data.data else { return }
            receive(frame.streamID, &bytes, ended: data.endStream)
        case .rstStream:
            abandon(frame.streamID)
        default:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if flushPending {
            flushPending = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let event as NIOHTTP2WindowUpdatedEvent:
            if let size = event.inboundWindowSize { reopen(event.streamID, windowSize: size) }
        case let event as StreamClosedEvent:
            abandon(event.streamID)
            calls[event.streamID] = nil
        default:
            break
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        for id in Array(calls.keys) { abandon(id) }
        calls.removeAll()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A stream's error has reset that stream (its StreamClosedEvent follows); any other error is
        // the connection's, and NIOHTTP2Handler has sent GOAWAY.
        guard !(error is NIOHTTP2Errors.StreamError) else { return }
        routes.logger.debug("grpc connection closed on error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    /// A frame for the connection, flushed at the end of this read or by the next scheduled flush.
    func write(_ frame: HTTP2Frame) {
        context?.write(wrapOutboundOut(frame), promise: nil)
        flushPending = true
    }

    /// The connection's window starts at 65,535 bytes whatever the settings say: it is raised to
    /// the target with the first frame read (the client's preface is in by then).
    private func openConnectionWindow() {
        guard !connectionWindowOpened else { return }
        connectionWindowOpened = true
        let increment = routes.windowSize - 65_535
        if increment > 0 {
            write(HTTP2Frame(streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: increment)))
        }
    }

    /// Tops a window up to the target once it is half spent: the connection's always (every
    /// DATA frame was read in full), a stream's while its request arrives.
    private func reopen(_ stream: HTTP2StreamID, windowSize: Int) {
        guard windowSize <= routes.windowSize / 2 else { return }
        if stream != .rootStream {
            guard let call = calls[stream], case .receiving = call.phase else { return }
        }
        write(HTTP2Frame(streamID: stream, payload: .windowUpdate(windowSizeIncrement: routes.windowSize - windowSize)))
    }

    /// A request's HEADERS: its method, or its refusal.
    private func begin(_ stream: HTTP2StreamID, _ headers: HPACKHeaders, ended: Bool) {
        let head: UnaryGRPCServer.RequestHead
        do {
            head = try UnaryGRPCServer.RequestHead(headers)
        } catch {
            refuse(stream, error, requestEnded: ended)
            return
        }
        guard let route = routes.byPath[head.path] else {
            let failure = RPCError(code: .unimplemented, message: "\(head.path) is not a method Cairn serves")
            refuse(stream, UnaryGRPCServer.Refusal(status: failure), requestEnded: ended)
            return
        }
        calls[stream] = Call(head: head, route: route)
        if ended { requestEnded(stream) }
    }

    /// A DATA frame of a request; one over the message limit is refused at once.
    private func receive(_ stream: HTTP2StreamID, _ bytes: inout ByteBuffer, ended: Bool) {
        guard let call = calls[stream], case .receiving = call.phase else { return }
        if call.message == nil {
            call.message = bytes
        } else {
            call.message!.writeBuffer(&bytes)
        }
        let message = call.message!
        let limit = routes.maxRequestBytes
        let declared = message.getInteger(at: message.readerIndex + 1, as: UInt32.self).map(Int.init) ?? 0
        if declared > limit || message.readableBytes > UnaryGRPCServer.prefixLength + limit {
            let size = max(declared, message.readableBytes - UnaryGRPCServer.prefixLength)
            let failure = RPCError(
                code: .resourceExhausted,
                message: "the request message is \(size) bytes, over the limit of \(limit) (--grpc-max-message)")
            refuse(stream, UnaryGRPCServer.Refusal(status: failure), requestEnded: ended)
            return
        }
        if ended { requestEnded(stream) }
    }
}
