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
            var attempt = received
            if let value = try Self.value(&attempt) {
                received = attempt
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

    /// One RESP2 or RESP3 value from `buffer`, or nil until it is complete.
    private static func value(_ buffer: inout ByteBuffer) throws -> RESPValue? {
        guard let type = buffer.readInteger(as: UInt8.self), let line = line(&buffer) else { return nil }
        switch UnicodeScalar(type) {
        case "+": return .simpleString(line)
        case "-": return .error(line)
        case ":": return .integer(try number(line))
        case "_": return .null
        case "$":
            let length = try number(line)
            if length < 0 { return .null }
            guard let bytes = buffer.readSlice(length: Int(length)), buffer.readableBytes >= 2 else { return nil }
            buffer.moveReaderIndex(forwardBy: 2)
            return .bulkString(bytes)
        case "*", "%":
            let count = try number(line)
            if count < 0 { return .null }
            var items: [RESPValue] = []
            for _ in 0..<(type == UInt8(ascii: "%") ? count * 2 : count) {
                guard let item = try value(&buffer) else { return nil }
                items.append(item)
            }
            guard type == UInt8(ascii: "%") else { return .array(items) }
            return .map(stride(from: 0, to: items.count, by: 2).map { (key: items[$0], value: items[$0 + 1]) })
        default: throw ReplyError("unexpected reply type \(UnicodeScalar(type))")
        }
    }

    private static func line(_ buffer: inout ByteBuffer) -> String? {
        guard let end = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let bytes = buffer.readBytes(length: end - buffer.readerIndex + 1)!
        return String(decoding: bytes.dropLast(2), as: UTF8.self)
    }

    private static func number(_ text: String) throws -> Int64 {
        guard let value = Int64(text) else { throw ReplyError("not a number: \(text)") }
        return value
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
