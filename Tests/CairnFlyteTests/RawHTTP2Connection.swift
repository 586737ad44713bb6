import Foundation
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
import SwiftProtobuf
import Synchronization
import Testing

/// An HTTP/2 client that writes frames as a test spells them (split, interleaved, reset, cut off)
/// and keeps every frame the server sends, by stream: what the unary gRPC path is tested with
/// below the level a gRPC client allows.
final class RawHTTP2Connection: Sendable {
    /// What the server sent on one stream.
    struct Answer: Sendable {
        var frames: [HTTP2Frame.FramePayload] = []

        /// Whether the stream is over: END_STREAM or RST_STREAM from the server.
        var isComplete: Bool {
            frames.contains {
                switch $0 {
                case .headers(let headers): headers.endStream
                case .data(let data): data.endStream
                case .rstStream: true
                default: false
                }
            }
        }

        /// The last HEADERS' value of `name` (`grpc-status`, `:status`).
        func header(_ name: String) -> String? {
            frames.reversed().lazy.compactMap {
                if case .headers(let headers) = $0 { headers.headers.first(name: name) } else { nil }
            }.first
        }

        /// `grpc-status`, as a number.
        var status: Int? { header("grpc-status").flatMap { Int($0) } }

        /// The response message: the DATA after its 5-byte prefix.
        var message: [UInt8] {
            var bytes: [UInt8] = []
            for case .data(let data) in frames {
                if case .byteBuffer(let buffer) = data.data { bytes += buffer.readableBytesView }
            }
            return Array(bytes.dropFirst(5))
        }

        /// Whether the server reset the stream.
        var wasReset: Bool { frames.contains { if case .rstStream = $0 { true } else { false } } }
    }

    /// Keeps every frame read.
    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = HTTP2Frame
        let answers = Mutex<[HTTP2StreamID: Answer]>([:])

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = unwrapInboundIn(data)
            answers.withLock { $0[frame.streamID, default: Answer()].frames.append(frame.payload) }
        }
    }

    let channel: any Channel
    private let collector: Collector

    private init(channel: any Channel, collector: Collector) {
        (self.channel, self.collector) = (channel, collector)
    }

    /// Connects to the listener on `port` and sends the connection preface.
    static func connect(port: Int) async throws -> RawHTTP2Connection {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([NIOHTTP2Handler(mode: .client), collector])
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawHTTP2Connection(channel: channel, collector: collector)
    }

    /// Writes and flushes `frames` in order, without waiting: DATA past the server's window waits
    /// in the client's HTTP/2 handler for WINDOW_UPDATE, and a test waits for answers (bounded) instead.
    func send(_ frames: [HTTP2Frame]) async throws {
        for frame in frames { channel.write(frame, promise: nil) }
        channel.flush()
    }

    /// The request HEADERS of a gRPC call of `path` on `stream`.
    static func headers(
        _ stream: HTTP2StreamID, path: String, extra: [(String, String)] = [], contentType: String = "application/grpc"
    ) -> HTTP2Frame {
        var headers: HPACKHeaders = [
            ":method": "POST", ":scheme": "http", ":path": path, ":authority": "localhost", "content-type": contentType,
            "te": "trailers",
        ]
        for (name, value) in extra { headers.add(name: name, value: value) }
        return HTTP2Frame(streamID: stream, payload: .headers(.init(headers: headers)))
    }

    /// `message` behind its gRPC prefix, with the compressed flag `flag`.
    static func framed(_ message: some SwiftProtobuf.Message, flag: UInt8 = 0) throws -> [UInt8] {
        let bytes: [UInt8] = try message.serializedBytes()
        let length = UInt32(bytes.count)
        return [flag, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
            + bytes
    }

    /// `bytes` as DATA frames of at most `chunk` bytes, the last with END_STREAM when `ends`.
    static func data(_ stream: HTTP2StreamID, _ bytes: [UInt8], chunk: Int = 16_384, ends: Bool = true)
        -> [HTTP2Frame]
    {
        let starts = Array(stride(from: 0, to: max(bytes.count, 1), by: chunk))
        return starts.enumerated().map { index, start in
            let part = bytes[start..<min(start + chunk, bytes.count)]
            return HTTP2Frame(
                streamID: stream,
                payload: .data(
                    .init(data: .byteBuffer(ByteBuffer(bytes: part)), endStream: ends && index == starts.count - 1)))
        }
    }

    /// One whole unary call of `path` with `message` on `stream`.
    func call(_ stream: HTTP2StreamID, _ path: String, _ message: some SwiftProtobuf.Message) async throws -> Answer {
        try await send([Self.headers(stream, path: path)] + Self.data(stream, try Self.framed(message)))
        return try await answer(stream)
    }

    /// What the server sent on `stream`, once it is complete (a minute at most: a hang fails).
    func answer(_ stream: HTTP2StreamID) async throws -> Answer {
        try await waitFor("stream \(stream)'s answer") {
            collector.answers.withLock { $0[stream] }.flatMap { $0.isComplete ? $0 : nil }
        }
    }

    /// Sends a PING and waits for its ack: the server has read every frame sent before it.
    func ping() async throws {
        let data = HTTP2PingData(withInteger: UInt64.random(in: 1...UInt64.max))
        try await send([HTTP2Frame(streamID: .rootStream, payload: .ping(data, ack: false))])
        _ = try await waitFor("the PING's ack") {
            collector.answers.withLock { $0[.rootStream] }?.frames.first {
                if case .ping(data, ack: true) = $0 { true } else { false }
            }
        }
    }

    /// The GOAWAY the server sent, once it has (a minute at most).
    func goAway() async throws -> HTTP2StreamID {
        try await waitFor("a GOAWAY") {
            collector.answers.withLock { $0[.rootStream] }?.frames.lazy.compactMap {
                if case .goAway(let last, _, _) = $0 { last } else { nil }
            }.first
        }
    }

    private func waitFor<T>(_ what: String, _ probe: () -> T?) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let value = probe() { return value }
            try await Task.sleep(for: .milliseconds(10))
        }
        return try #require(probe(), "no \(what) within a minute")
    }

    func close() async {
        try? await channel.close()
    }
}
