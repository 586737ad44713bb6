import CairnProtocol
import CairnService
import CairnStore
import CairnTestSupport
import NIOCore
import NIOEmbedded
import Testing

@testable import CairnServer

/// The connection handler on an `EmbeddedChannel`: what it writes for what it reads, with no
/// sockets (the store is real but the commands here never reach it).
@Suite struct RequestHandlerChannelTests {
    private func withChannel(
        passwords: Passwords = Passwords(), _ body: (EmbeddedChannel) throws -> Void
    ) async throws {
        try await TestDatabase.withStore { store, _ in
            let executor = CommandExecutor(
                service: CatalogService(configuration: CatalogService.Configuration(), store: store),
                passwords: passwords,
                serverInfo: {
                    InfoReply.ServerState(
                        tcpPort: 0, unixSocket: nil, connectedClients: 1, maxClients: 1, maxPipelineDepth: 8,
                        idleTimeoutSeconds: 0, protectedMode: !passwords.required)
                })
            let (_, jobs) = AsyncStream.makeStream(of: RequestHandler.Job.self)
            let channel = EmbeddedChannel()
            try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 7379)).get()
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPRequestDecoder()))
            try channel.pipeline.syncOperations.addHandler(
                RequestHandler(
                    executor: executor, session: Session(id: 7, passwordsRequired: passwords.required),
                    maxPipelineDepth: 8, jobs: jobs))
            try body(channel)
            _ = try? channel.finish()
        }
    }

    private func written(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    @Test func aBurstOfRequestsIsAnsweredInOrderAndQuitClosesAfterItsReply() async throws {
        try await withChannel { channel in
            try channel.writeInbound(ByteBuffer(string: "PING\r\nECHO a\r\nCLIENT ID\r\nQUIT\r\nPING\r\n"))
            let output = try written(channel)
            #expect(output == "+PONG\r\n$1\r\na\r\n:7\r\n+OK\r\n")
            #expect(!channel.isActive)
        }
    }

    @Test func aReplyTooBigToCoalesceIsFlushedAtTheEndOfTheRead() async throws {
        // Replies over the coalescing limit are written at once rather than kept pending; they
        // were never flushed, so the client waited for a reply the server held.
        let big = String(repeating: "a", count: RequestHandler.coalesceLimit + 1)
        try await withChannel { channel in
            try channel.writeInbound(ByteBuffer(string: "ECHO \(big)\r\n"))
            #expect(try written(channel) == "$\(big.utf8.count)\r\n\(big)\r\n")
            try channel.writeInbound(ByteBuffer(string: "PING\r\nECHO \(big)\r\nPING\r\n"))
            #expect(try written(channel) == "+PONG\r\n$\(big.utf8.count)\r\n\(big)\r\n+PONG\r\n")
        }
    }

    @Test func aFramingErrorIsRepliedAfterTheRepliesOwedThenCloses() async throws {
        try await withChannel { channel in
            _ = try? channel.writeInbound(ByteBuffer(string: "PING\r\n*1\r\n$-5\r\n"))
            let output = try written(channel)
            #expect(output == "+PONG\r\n-ERR Protocol error: invalid bulk length -5\r\n")
            #expect(!channel.isActive)
        }
    }

    @Test func authChangesWhatLaterRequestsInTheSameBurstMayDo() async throws {
        try await withChannel(passwords: Passwords(reader: "r")) { channel in
            try channel.writeInbound(ByteBuffer(string: "ECHO x\r\nAUTH reader r\r\nECHO y\r\n"))
            let output = try written(channel)
            #expect(output == "-NOAUTH Authentication required.\r\n+OK\r\n$1\r\ny\r\n")
            #expect(channel.isActive)
        }
    }
}
