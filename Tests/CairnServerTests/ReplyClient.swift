import CairnProtocol
import NIOCore
import NIOPosix
import Testing

/// One connection that sends commands as multibulk requests and reads each reply back as a
/// ``RESPValue``, so tests can compare whole replies.
struct ReplyClient {
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var received = ByteBuffer()
    /// The project's one reply parser, the one `CairnClient` uses.
    private var decoder = RESPReplyDecoder()

    /// Connects to the server on `port` and runs `body` with a client; fails after 60 seconds.
    static func with(port: Int, _ body: @escaping @Sendable (inout ReplyClient) async throws -> Void) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    var client = ReplyClient(inbound: inbound.makeAsyncIterator(), outbound: outbound)
                    try await body(&client)
                }
                return true
            }
            group.addTask {
                try await Task.sleep(for: .seconds(60))
                return false
            }
            let finished = try await group.next()!
            group.cancelAll()
            try #require(finished, "the conversation did not finish within 60 s")
        }
    }

    private init(
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) {
        self.inbound = inbound
        self.outbound = outbound
    }

    /// Sends one command and returns its reply.
    mutating func send(_ words: String...) async throws -> RESPValue { try await send(words) }

    /// Sends one command and returns its reply.
    mutating func send(_ words: [String]) async throws -> RESPValue {
        var request = ByteBuffer()
        RESPRequest(arguments: words.map { ByteBuffer(string: $0) }).write(to: &request)
        try await outbound.write(request)
        while true {
            if let value = try decoder.decode(buffer: &received) {
                received.discardReadBytes()
                return value
            }
            guard var chunk = try await inbound.next() else { throw ReplyError("the server closed the connection") }
            received.writeBuffer(&chunk)
        }
    }

    struct ReplyError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

extension RESPValue {
    /// A bulk string's text, or nil.
    var text: String? {
        if case .bulkString(let bytes) = self { return String(buffer: bytes) }
        return nil
    }

    /// An array's elements, or nil.
    var elements: [RESPValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// A RESP2 record (flat `key value …` array) as its keys in order and a dictionary.
    var record: (keys: [String], fields: [String: RESPValue])? {
        guard let items = elements, items.count % 2 == 0 else { return nil }
        let keys = stride(from: 0, to: items.count, by: 2).compactMap { items[$0].text }
        guard keys.count * 2 == items.count else { return nil }
        return (
            keys, Dictionary(uniqueKeysWithValues: zip(keys, stride(from: 1, to: items.count, by: 2).map { items[$0] }))
        )
    }
}
