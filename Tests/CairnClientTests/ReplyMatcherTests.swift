import CairnProtocol
import NIOCore
import NIOEmbedded
import Synchronization
import Testing

@testable import CairnClient

/// The handler that matches replies to requests, driven on an embedded channel with a virtual clock.
@Suite struct ReplyMatcherTests {
    let loop = EmbeddedEventLoop()
    let channel: EmbeddedChannel

    init() throws {
        channel = EmbeddedChannel(loop: loop)
        try channel.pipeline.syncOperations.addHandlers(
            ByteToMessageHandler(RESPReplyDecoder()),
            ReplyMatcher(timeout: .seconds(1), maxPending: 3, peer: "test"))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
    }

    func send(_ arguments: String...) throws -> EventLoopFuture<RESPValue> {
        let promise = loop.makePromise(of: RESPValue.self)
        // As ClientConnection does: a write that never reaches the handler fails the request.
        channel.writeAndFlush(ClientRequest(arguments: arguments.map { ByteBuffer(string: $0) }, promise: promise))
            .whenFailure { promise.fail($0) }
        return promise.futureResult
    }

    func reply(_ wire: String) throws { try channel.writeInbound(ByteBuffer(string: wire)) }

    func result(_ future: EventLoopFuture<RESPValue>) -> Result<RESPValue, Error>? {
        let result = Mutex<Result<RESPValue, Error>?>(nil)
        future.whenComplete { outcome in result.withLock { $0 = outcome } }
        return result.withLock { $0 }
    }

    @Test func repliesCompleteRequestsInOrderAndRequestsGoOutAsMultibulk() throws {
        let first = try send("PING")
        let second = try send("ECHO", "x")
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "*1\r\n$4\r\nPING\r\n"))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "*2\r\n$4\r\nECHO\r\n$1\r\nx\r\n"))
        try reply("+PONG\r\n$1\r\n")
        #expect(try first.wait() == .simpleString("PONG"))
        #expect(result(second) == nil)
        try reply("x\r\n")
        #expect(try second.wait() == .bulk("x"))
    }

    @Test func aTimedOutRequestKeepsItsPlaceSoItsLateReplyIsDropped() throws {
        let slow = try send("SLOW")
        loop.advanceTime(by: .milliseconds(500))
        let next = try send("NEXT")
        loop.advanceTime(by: .milliseconds(600))
        #expect(errorOf(slow)?.code == .timedOut)
        #expect(result(next) == nil, "the second request has 400 ms left")
        try reply("+late\r\n+mine\r\n")
        #expect(try next.wait() == .simpleString("mine"))
    }

    @Test func aReplyNobodyAskedForClosesTheConnection() throws {
        try reply("+unexpected\r\n")
        #expect(!channel.isActive)
        #expect(result(try send("PING")) != nil, "a request after the close fails at once")
    }

    @Test func anUnreadableReplyFailsEveryWaitingRequest() throws {
        let first = try send("A")
        let second = try send("B")
        try? reply("?garbage\r\n")
        #expect(errorOf(first)?.code == .protocolViolation)
        #expect(errorOf(second)?.code == .protocolViolation)
        #expect(!channel.isActive)
    }

    @Test func moreWaitingRequestsThanTheLimitFailAtOnce() throws {
        for _ in 0..<3 { _ = try send("PING") }
        let error = try #require(errorOf(try send("PING")))
        #expect(error.code == .tooManyRequests)
    }

    @Test func closingFailsWaitingRequestsWithConnectionClosed() throws {
        let waiting = try send("PING")
        _ = try channel.finish()
        #expect(errorOf(waiting)?.code == .connectionClosed)
    }

    func errorOf(_ future: EventLoopFuture<RESPValue>) -> CairnClientError? {
        guard case .failure(let error) = result(future) else { return nil }
        return error as? CairnClientError
    }
}
