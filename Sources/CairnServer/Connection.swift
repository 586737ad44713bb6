import CairnProtocol
import Logging
import NIOCore

/// One client connection: reads requests in order, runs each, writes its reply.
struct Connection {
    let server: CatalogServer
    let channel: NIOAsyncChannel<RESPRequest, ByteBuffer>
    /// `nil` when the connection is over the limit and is only told so.
    let clientID: Int64?
    let local: Bool

    func run() async {
        do {
            try await channel.executeThenClose { inbound, outbound in
                guard let clientID else {
                    try await outbound.write(RESPValue.error("ERR max number of clients reached").encoded())
                    return
                }
                guard local || Self.isLoopback(channel.channel.remoteAddress) else {
                    // Protected mode: without passwords (not configurable yet) only local clients.
                    try await outbound.write(
                        RESPValue.error(
                            "DENIED Cairn is in protected mode: no password is configured, so only loopback and Unix-socket clients are served"
                        ).encoded())
                    return
                }
                var session = Session(id: clientID)
                do {
                    for try await request in inbound {
                        let reply = await server.executor.execute(request, session: &session)
                        var buffer = channel.channel.allocator.buffer(capacity: 64)
                        reply.write(to: &buffer, version: session.version)
                        try await outbound.write(buffer)
                        if session.closing { return }
                    }
                } catch let error as RESPProtocolError {
                    // The stream cannot be trusted after a framing error: say why, then close.
                    try? await outbound.write(RESPValue.error("ERR \(error)").encoded(version: session.version))
                }
            }
        } catch {
            server.logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
    }

    static func isLoopback(_ address: SocketAddress?) -> Bool {
        guard let ip = address?.ipAddress else { return false }
        return ip == "::1" || ip.hasPrefix("127.") || ip.hasPrefix("::ffff:127.")
    }
}

/// Per-connection state.
struct Session {
    let id: Int64
    var name: String?
    var version: RESPVersion = .resp2
    var closing = false
}
