import GRPCCore
import NIOCore
import NIOHPACK
import NIOHTTP2

/// Running a call once its request is in, and answering it on its stream.
extension GRPCFrameHandler {
    /// The request's END_STREAM: checks its one message, then runs the method.
    func requestEnded(_ stream: HTTP2StreamID) {
        guard let call = calls[stream], case .receiving = call.phase else { return }
        let message: [UInt8]
        do {
            message = try Self.message(call.message, encoding: call.head.encoding)
        } catch {
            refuse(stream, UnaryGRPCServer.Refusal(status: error), requestEnded: true)
            return
        }
        run(call, on: stream, message)
    }

    /// The bytes of a request's one uncompressed message.
    /// - Throws: `INTERNAL` for a missing, cut or second message and for a compressed one without
    ///   `grpc-encoding`; `UNIMPLEMENTED` for a compressed one (Cairn takes `identity` only).
    static func message(_ buffer: ByteBuffer?, encoding: String?) throws(RPCError) -> [UInt8] {
        guard var buffer, let flag = buffer.readInteger(as: UInt8.self),
            let length = buffer.readInteger(as: UInt32.self).map(Int.init)
        else {
            throw RPCError(code: .internalError, message: "the request has no message (a unary call sends one)")
        }
        guard buffer.readableBytes == length else {
            throw RPCError(
                code: .internalError,
                message: buffer.readableBytes < length
                    ? "the request message is cut short: \(buffer.readableBytes) of \(length) bytes"
                    : "the request has more than one message (a unary call sends one)")
        }
        guard flag == 0 else {
            guard let encoding else {
                throw RPCError(
                    code: .internalError, message: "the request message is flagged compressed without grpc-encoding")
            }
            throw RPCError(
                code: .unimplemented,
                message: "compressed messages (grpc-encoding \(encoding)) are not supported: send them uncompressed")
        }
        return buffer.readBytes(length: length) ?? []
    }

    /// Runs the method in a task on this connection's event loop, bounded by the call's
    /// `grpc-timeout`; the answer comes back through ``finish(_:_:)``.
    private func run(_ call: Call, on stream: HTTP2StreamID, _ message: [UInt8]) {
        guard let context else { return }
        call.start = StatsInterceptor.begin(routes.stats)
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let (route, access, isLoopback, authorization) = (
            call.route, routes.access, isLoopback, call.head.authorization
        )
        let executor = self.executor
        call.phase = .running(
            Task(executorPreference: executor) {
                let result: Result<[UInt8], RPCError>
                do {
                    try access.check(method: route.name, isLoopback: isLoopback, authorization: authorization)
                    result = .success(try await route.method.call(message, codec: .proto))
                } catch {
                    result = .failure(RPCError(cairn: error))
                }
                if executor.eventLoop.inEventLoop {
                    handler.value.finish(stream, result)
                } else {
                    executor.eventLoop.execute { handler.value.finish(stream, result) }
                }
            })
        if let timeout = call.head.timeout {
            call.deadline = context.eventLoop.scheduleTask(in: timeout) {
                handler.value.expire(stream)
            }
        }
    }

    /// The call's deadline passed: its task is cancelled and the client told `DEADLINE_EXCEEDED`.
    func expire(_ stream: HTTP2StreamID) {
        guard let call = calls[stream], case .running(let task) = call.phase else { return }
        task.cancel()
        finish(stream, .failure(RPCError(code: .deadlineExceeded, message: "the call's grpc-timeout passed")))
    }

    /// Writes a call's answer, unless its stream is gone or it was answered (its deadline passed).
    func finish(_ stream: HTTP2StreamID, _ result: Result<[UInt8], RPCError>) {
        guard let call = calls[stream], case .running = call.phase, let context else { return }
        call.phase = .answered
        call.deadline?.cancel()
        switch result {
        case .success(let response):
            StatsInterceptor.end(routes.stats, command: call.route.command, start: call.start, failure: nil)
            write(HTTP2Frame(streamID: stream, payload: .headers(.init(headers: UnaryGRPCServer.responseHeaders))))
            let data = UnaryGRPCServer.framed(response, allocator: context.channel.allocator)
            write(HTTP2Frame(streamID: stream, payload: .data(.init(data: .byteBuffer(data)))))
            write(
                HTTP2Frame(
                    streamID: stream,
                    payload: .headers(.init(headers: UnaryGRPCServer.trailers(nil), endStream: true))))
        case .failure(let error):
            StatsInterceptor.end(routes.stats, command: call.route.command, start: call.start, failure: error)
            if error.code == .internalError || error.code == .unknown {
                routes.logger.error(
                    "grpc call failed", metadata: ["method": "\(call.route.command)", "error": "\(error)"])
            }
            write(
                HTTP2Frame(
                    streamID: stream,
                    payload: .headers(.init(headers: UnaryGRPCServer.trailersOnly(error), endStream: true))))
        }
        scheduleFlush()
    }

    /// Answers a request without running a method. A request still arriving is then reset with
    /// `NO_ERROR` (RFC 9113 §8.1: the response is complete, the rest of the request is not needed).
    func refuse(_ stream: HTTP2StreamID, _ refusal: UnaryGRPCServer.Refusal, requestEnded: Bool) {
        let headers: HPACKHeaders =
            if let status = refusal.status {
                UnaryGRPCServer.trailersOnly(status)
            } else {
                [":status": refusal.httpStatus, "content-type": "text/plain"]
            }
        calls[stream]?.phase = .answered
        write(
            HTTP2Frame(streamID: stream, payload: .headers(.init(headers: headers, endStream: refusal.status != nil))))
        if refusal.status == nil {
            var body = context?.channel.allocator.buffer(capacity: refusal.message.utf8.count) ?? ByteBuffer()
            body.writeString(refusal.message)
            write(HTTP2Frame(streamID: stream, payload: .data(.init(data: .byteBuffer(body), endStream: true))))
        }
        if !requestEnded { write(HTTP2Frame(streamID: stream, payload: .rstStream(.noError))) }
        scheduleFlush()
    }

    /// The client reset the stream, or the connection went: a running call is cancelled and its
    /// answer dropped.
    func abandon(_ stream: HTTP2StreamID) {
        guard let call = calls[stream] else { return }
        if case .running(let task) = call.phase { task.cancel() }
        call.phase = .answered
        call.deadline?.cancel()
    }

    /// Flushes once after the jobs already queued on the loop: the answers of calls that finish
    /// together leave in one write.
    func scheduleFlush() {
        guard let context, !flushScheduled else { return }
        flushScheduled = true
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.execute {
            let handler = handler.value
            handler.flushScheduled = false
            if handler.flushPending {
                handler.flushPending = false
                handler.context?.flush()
            }
        }
    }
}
