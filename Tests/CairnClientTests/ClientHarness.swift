import CairnClient
import CairnCore
import CairnServer
import CairnStore
import CairnTestSupport
import Foundation
import NIOCore
import NIOPosix

/// A store on a fresh migrated database, for one test.
func withStore(_ body: (CairnStore) async throws -> Void) async throws {
    try await TestDatabase.withStore { store, _ in try await body(store) }
}

/// A real catalog server on `store` until `body` returns; `body` gets the bound TCP port.
func serving(
    _ store: CairnStore, port: Int = 0, unixSocket: String? = nil, passwords: Passwords = Passwords(),
    _ body: (Int) async throws -> Void
) async throws {
    try await withCatalogServer(
        on: store,
        configure: {
            $0.port = port
            $0.unixSocket = unixSocket
            $0.passwords = passwords
        }
    ) { bound, _ in try await body(bound) }
}

/// A server on a fresh database and a client for it, closed afterwards.
func withClient(
    _ configure: (inout CairnClient.Configuration) -> Void = { _ in }, _ body: (CairnClient) async throws -> Void
) async throws {
    try await withStore { store in
        try await serving(store) { port in
            var configuration = CairnClient.Configuration(endpoint: .tcp(host: "127.0.0.1", port: port))
            configure(&configuration)
            let client = CairnClient(configuration: configuration)
            do {
                try await body(client)
            } catch {
                await client.close()
                throw error
            }
            await client.close()
        }
    }
}

/// Fixtures: names that pass validation.
enum Fixture {
    static let dataset = try! DatasetID(parsing: "proj/dev/task-a/v1")
    static func tag(_ text: String) -> TagName { try! TagName(text) }
    static func items(_ pairs: KeyValuePairs<String, String>) -> [DataItem] {
        pairs.map { try! DataItem.inline($0.key, Array($0.value.utf8)) }
    }
}

/// A TCP listener that accepts and reads but never replies, closing each connection after its
/// first read if asked to: a server that hangs, or one that dies mid-request.
final class SilentServer: Sendable {
    let channel: Channel
    var port: Int { channel.localAddress!.port! }

    init(closeAfterFirstRead: Bool) async throws {
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(Swallow(close: closeAfterFirstRead))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func stop() async throws { try await channel.close() }

    private final class Swallow: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let close: Bool
        init(close: Bool) { self.close = close }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if close { context.close(promise: nil) }
        }
    }
}
