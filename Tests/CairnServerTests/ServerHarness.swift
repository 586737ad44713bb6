import CairnCore
import CairnServer
import CairnStore
import CairnTestSupport
import Foundation
import NIOCore
import NIOPosix
import Testing

/// A real catalog server on a fresh migrated database and a free port, for one test.
func withServer(_ body: (Int) async throws -> Void) async throws {
    try await withServer(configure: { _ in }) { port, _ in try await body(port) }
}

/// A real catalog server, configured by `configure`, on a fresh migrated database and a free port.
func withServer(
    configure: (inout CatalogServer.Configuration) -> Void, _ body: (Int, CatalogServer) async throws -> Void
) async throws {
    try await TestDatabase.withStore { store, _ in try await withCatalogServer(on: store, configure: configure, body) }
}

/// A client that speaks raw bytes: sends, then reads until `count` bytes arrived or the peer closed.
struct RawClient {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    static func connect(port: Int) async throws -> RawClient {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return RawClient(channel: channel)
    }

    /// Sends `text` and returns what came back once `expected` bytes (or the end of the stream)
    /// arrived; fails after 30 seconds instead of waiting for bytes that never come.
    func exchange(_ text: String, expecting expected: Int) async throws -> (reply: String, closed: Bool) {
        try await withThrowingTaskGroup(of: (reply: String, closed: Bool)?.self) { group in
            group.addTask { try await self.read(text, expected) }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                return nil
            }
            let first = try await group.next()!
            group.cancelAll()
            return try #require(first, "no complete reply within 30 s")
        }
    }

    private func read(_ text: String, _ expected: Int) async throws -> (reply: String, closed: Bool) {
        try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: text))
            var received = ByteBuffer()
            var iterator = inbound.makeAsyncIterator()
            while received.readableBytes < expected {
                guard var chunk = try await iterator.next() else { return (String(buffer: received), true) }
                received.writeBuffer(&chunk)
            }
            return (String(buffer: received), false)
        }
    }
}
