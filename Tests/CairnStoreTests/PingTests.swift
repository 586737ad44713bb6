import CairnCore
import CairnStore
import CairnTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `CairnStore.ping(timeout:)`, the readiness probe's query.
@Suite struct PingTests {
    @Test func pingAnswersWhilePostgresIsUp() async throws {
        try await TestDatabase.withStore { store, _ in try await store.ping(timeout: .seconds(30)) }
    }

    /// A server that accepts the connection but never says a word (a hung PostgreSQL): the ping gives
    /// up at its own timeout, long before the connection attempt's.
    @Test func pingGivesUpAtItsTimeoutWhenPostgresDoesNotAnswer() async throws {
        let listener = try SilentListener()
        var configuration = CairnStore.Configuration(
            databaseURL: "host=127.0.0.1 port=\(listener.port) dbname=cairn user=cairn")
        configuration.connections = 1
        configuration.connectTimeout = 20
        let store = CairnStore(configuration: configuration)
        try await withCleanup {
            let error = await #expect(throws: CairnError.self) { try await store.ping(timeout: .milliseconds(200)) }
            #expect(error?.code == .unavailable)
            #expect(error?.message.contains("did not answer within") == true, "\(String(describing: error))")
        } cleanup: {
            // Closing the listener resets the worker's connection attempt, which shutting down waits for.
            listener.close()
            await store.shutdown()
        }
    }
}

/// A TCP socket on a free loopback port that listens and never accepts: connections complete their
/// handshake in its backlog and then hear nothing.
private final class SilentListener: Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard fd >= 0, bound else {
            throw CairnError(.unavailable, "cannot listen: \(String(cString: strerror(errno)))")
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Closes the socket (once), which resets the connections waiting in its backlog.
    func close() { Glibc.close(fd) }
}
